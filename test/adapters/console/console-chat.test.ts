// The console as a chat reads (issue 15): Markdown shown as terminal text, "did you mean"
// for console commands, and plain lines that find the speaker's only open incident.

import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../../adapters/console/console-chat.ts';
import { runConsole } from '../../../adapters/console/run-console.ts';
import { EXAMPLE_DIRECTORY } from '../../../src/config.ts';
import { loadDirectoryFile } from '../../../src/directory/directory-file.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { createHarness, type Harness } from '../../support/app-harness.ts';

const directory = await loadDirectoryFile(EXAMPLE_DIRECTORY);

function consoleOn(harness: Harness, ansi = false) {
  const printed: string[] = [];
  const chat = new ConsoleChat({
    directory: () => directory,
    clock: harness.clock,
    write: (t) => printed.push(t),
    ansi,
  });
  chat.attach(harness.app);
  harness.deps.notifier = chat;
  return { chat, printed, text: () => printed.join('\n') };
}

const summaryLike = {
  personId: 'dana',
  personName: 'Dana',
  text: '# Summary of INC-1\n**Lifecycle**\n- opened by _Maria_ (sev2)',
};

describe('console chat', () => {
  it('shows Markdown as plain text when the output is not a terminal: no ** or #', async () => {
    const { chat, text } = consoleOn(await createHarness(createMemoryStore(), directory));
    await chat.notify([summaryLike]);
    expect(text()).toContain('Handoff → Dana: Summary of INC-1\n');
    expect(text()).toContain('        Lifecycle\n        - opened by Maria (sev2)');
    expect(text()).not.toMatch(/\*\*|#|_Maria_/);
  });

  it('shows headings and bold in bold, emphasis in italics, on a terminal', async () => {
    const { chat, text } = consoleOn(await createHarness(createMemoryStore(), directory), true);
    await chat.notify([summaryLike]);
    expect(text()).toContain('\u001b[1mSummary of INC-1\u001b[22m');
    expect(text()).toContain('\u001b[1mLifecycle\u001b[22m');
    expect(text()).toContain('opened by \u001b[3mMaria\u001b[23m (sev2)');
    expect(text()).not.toContain('**');
  });

  it('never turns escape sequences someone typed into real ones, even on a terminal', async () => {
    const { chat, text } = consoleOn(await createHarness(createMemoryStore(), directory), true);
    await chat.notify([{ ...summaryLike, text: '**\u001b[2J**' }]);
    expect(text()).toContain('\u001b[1m\\u001b[2J\u001b[22m');
  });

  it('suggests the console command that was meant', async () => {
    const { chat, text } = consoleOn(await createHarness(createMemoryStore(), directory));
    await chat.handleLine('/as Maria');
    await chat.handleLine('/incdent status');
    expect(text()).toContain('Unknown console command /incdent. Did you mean /incident? Type /help.');
  });

  it("sends a plain line to the speaker's only open incident", async () => {
    const harness = await createHarness(createMemoryStore(), directory);
    const opener = consoleOn(harness);
    await opener.chat.handleLine('/as Maria');
    await opener.chat.handleLine('/incident open wanderlust-web The booking site is down');
    // A fresh console (a restart, another terminal) has no room yet.
    const later = consoleOn(harness);
    await later.chat.handleLine('/as Maria');
    await later.chat.handleLine('hello?');
    expect(later.text()).not.toContain('not in an incident room yet');
    await later.chat.handleLine('/room');
    expect(later.text()).toContain('You are in INC-1.');
  });

  it('says where to go when the speaker has no open incident, or several', async () => {
    const harness = await createHarness(createMemoryStore(), directory);
    const { chat, text } = consoleOn(harness);
    await chat.handleLine('/as Maria');
    await chat.handleLine('hello?');
    expect(text()).toContain('Maria, you are not in any open incident.');
  });
});

describe('interactive console', () => {
  it('redraws the prompt and what was typed after a message that comes by itself', async () => {
    const input = new PassThrough();
    let out = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out += chunk.toString();
        done();
      },
    });
    const harness = await createHarness(createMemoryStore(), directory);
    let notify: ((text: string) => Promise<void>) | undefined;
    const running = runConsole({
      start: async (notifier) => {
        harness.deps.notifier = notifier;
        notify = (text) => notifier.notify([{ personId: 'dana', personName: 'Dana', text }]);
        return { app: harness.app, directory: () => directory, stop: async () => {} };
      },
      input,
      output: output as unknown as NodeJS.WritableStream,
      write: (text) => output.write(`${text}\n`),
      interactive: true,
    });
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(check()).toBe(true);
    };
    await until(() => out.includes('Maria> '));
    input.write('hel');
    await until(() => out.endsWith('hel'));
    await notify?.('Time for a client update on INC-1.');
    const after = out.slice(out.indexOf('Time for a client update'));
    expect(after).toContain('Maria> hel');
    input.end('/quit\n');
    await running;
  });
});
