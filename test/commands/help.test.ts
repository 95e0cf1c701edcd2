import { describe, expect, it } from 'vitest';
import { definitions, helpText, parseCommand, validateCommand } from '../../src/commands/index.ts';

describe('the definition table', () => {
  it('has one entry per subcommand of design.md §3', () => {
    expect(definitions.map((d) => d.name)).toEqual([
      'open',
      'status',
      'step.add',
      'step.done',
      'handoff',
      'accept',
      'decline',
      'update',
      'resolve',
      'reopen',
      'summary',
      'severity',
      'mine',
      'link',
      'help',
    ]);
  });

  it.each(definitions.map((d) => [d.name, d] as const))(
    'the example of %s parses as that command',
    (name, d) => {
      expect(parseCommand(`/incident ${d.example}`).name).toBe(name);
    },
  );

  it.each(definitions.map((d) => [d.name, d] as const))(
    'the parsed example of %s passes validateCommand',
    (_, d) => {
      const command = parseCommand(d.example);
      expect(validateCommand(command)).toEqual(command);
    },
  );
});

describe('helpText', () => {
  it('lists every subcommand with its usage and description in the overview', () => {
    const text = helpText();
    for (const d of definitions) expect(text).toContain(`${d.usage}: ${d.description}`);
    expect(text).toContain('/incident INC-7 status');
    expect(text).toContain('/incident help handoff');
  });

  it('treats a blank topic as the overview', () => {
    expect(helpText('  ')).toBe(helpText());
  });

  it('shows the detail and example of one command', () => {
    expect(helpText('handoff')).toBe(
      '/incident handoff <step> <@person> <what I saw and did>\n' +
        'Hand a step to someone, saying what you saw and did. It stays yours until they accept.\n' +
        'Example: /incident handoff 2 @Sam The disk is full; I cleared /tmp but it refills.',
    );
  });

  it.each(['step add', 'step.add', '/incident Step  Add', 'STEP ADD'])('finds %j', (topic) => {
    expect(helpText(topic)).toContain('/incident step add <title> [@owner]');
    expect(helpText(topic)).not.toContain('step done');
  });

  it('shows both step commands for "step"', () => {
    const text = helpText('step');
    expect(text).toContain('/incident step add <title> [@owner]');
    expect(text).toContain('/incident step done <step>');
  });

  it.each(definitions.map((d) => [d.words, d] as const))('has a detail page for %s', (words, d) => {
    expect(helpText(words)).toContain(`Example: /incident ${d.example}`);
  });

  it('says when a topic is unknown and lists the topics', () => {
    const text = helpText('handof');
    expect(text).toContain('There is no help topic `handof`. Did you mean `handoff`?');
    expect(text).toContain(
      'Topics: open, status, step add, step done, handoff, accept, decline, update, resolve, reopen, summary, severity, mine, link, help.',
    );
    expect(helpText('weather')).not.toContain('Did you mean');
  });
});
