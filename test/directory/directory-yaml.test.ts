import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directoryToYaml, parseDirectory } from '../../src/directory/directory-file.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { testWorld } from '../support/world.ts';

describe('directoryToYaml', () => {
  it('round-trips the example file', async () => {
    const directory = parseDirectory(
      await readFile('examples/directory.yaml', 'utf8'),
      'examples/directory.yaml',
    );
    expect(parseDirectory(directoryToYaml(directory), 'export.yaml')).toEqual(directory);
  });

  it('round-trips the in-code test world', () => {
    const directory = testWorld();
    expect(parseDirectory(directoryToYaml(directory), 'export.yaml')).toEqual(directory);
  });

  it('writes the format a person would: fees with cents, quoted Discord ids, inline tiers', () => {
    const yaml = directoryToYaml(parseDirectory(directoryToYaml(testWorld()), 'export.yaml'));
    expect(yaml).toContain('monthly_fee: 450.00');
    expect(yaml).toContain('discord: "100"');
    expect(yaml).toContain('- { below: 99.9, credit: 10 }');
    expect(yaml).toMatch(/vendor_contacts: \[ ?sam ?\]/);
    expect(yaml).not.toContain('null');
  });

  it('round-trips any names, texts, fees and tiers', () => {
    fc.assert(
      fc.property(worldArbitrary(), (directory) => {
        expect(parseDirectory(directoryToYaml(directory), 'export.yaml')).toEqual(directory);
      }),
      { numRuns: 60 },
    );
  });
});

// Free text as people type it: quotes, colons, hashes, newlines, non-Latin scripts.
const text = fc
  .string({
    unit: fc.constantFrom('a', 'Z', ' ', ':', '#', '"', "'", '\n', '-', '{', 'é', '漢', '9', '|'),
    minLength: 1,
  })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

// Thresholds with up to two decimals, distinct, with credit growing as uptime worsens.
const tiers = fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 4 }).map((thresholds) =>
  thresholds
    .sort((a, b) => b - a)
    .map((hundredths, i) => ({
      belowPercent: hundredths / 100,
      creditPercent: Math.min(100, 10 * (i + 1)),
    })),
);

function worldArbitrary(): fc.Arbitrary<Directory> {
  return fc
    .record({
      names: fc.tuple(text, text, text),
      feeCents: fc.integer({ min: 0, max: 100_000_000 }),
      uptimeHundredths: fc.integer({ min: 1, max: 10_000 }),
      tiers,
      runbook: fc.option(text, { nil: undefined }),
      email: fc.option(fc.constant('ana@example.com'), { nil: undefined }),
    })
    .map(({ names, feeCents, uptimeHundredths, tiers: creditTiers, runbook, email }) => {
      const world = testWorld();
      const [site] = world.sites;
      const [person] = world.people;
      if (!site || !person) throw new Error('test world changed');
      site.name = names[0];
      person.name = names[1];
      person.email = email;
      if (email === undefined) delete person.email;
      if (world.organisations[0]) world.organisations[0].name = names[2];
      site.sla = { monthlyFeeCents: feeCents, uptimeTarget: uptimeHundredths / 100, creditTiers };
      site.runbook = runbook;
      if (runbook === undefined) delete site.runbook;
      return world;
    });
}
