import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadDirectoryFile, parseDirectory } from '../../src/directory/directory-file.ts';
import { clientContacts, organisationById, siteById } from '../../src/directory/lookup.ts';
import { NotFoundError, ValidationError } from '../../src/domain/errors.ts';
import { baseFile, entry, siteSla } from './helpers.ts';

const EXAMPLE = 'examples/directory.yaml';

describe('examples/directory.yaml', () => {
  it('loads, with the world of story 1', async () => {
    const directory = await loadDirectoryFile(EXAMPLE);
    const kinds = directory.organisations.map((o) => o.kind);
    expect(kinds.filter((k) => k === 'provider')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'vendor')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'client')).toHaveLength(3);
    expect(directory.sites.length).toBeGreaterThanOrEqual(4);
    expect(siteById(directory, 'wanderlust-web').fallback).toMatch(/static copy/i);
  });

  it('gives Wanderlust Travel two contacts (story 3, "Welcome Kevin!")', async () => {
    const directory = await loadDirectoryFile(EXAMPLE);
    expect(organisationById(directory, 'wanderlust').name).toBe('Wanderlust Travel');
    expect(clientContacts(directory, 'wanderlust-web').map((p) => p.name)).toEqual(['Maria', 'Kevin']);
  });

  it('has distinct preferred names, because console users type `/as Maria`', async () => {
    const directory = await loadDirectoryFile(EXAMPLE);
    const names = directory.people.map((p) => p.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('has exactly one chat person who is not on Slack, everyone on chat on Discord, and one on e-mail only', async () => {
    const directory = await loadDirectoryFile(EXAMPLE);
    const onChat = directory.people.filter((p) => p.handles.slack ?? p.handles.discord);
    expect(onChat.filter((p) => p.handles.slack === undefined).map((p) => p.name)).toEqual(['Otto']);
    expect(onChat.every((p) => p.handles.discord !== undefined)).toBe(true);
    const mailOnly = directory.people.filter((p) => !onChat.includes(p));
    expect(mailOnly.map((p) => [p.name, p.email])).toEqual([['Mei', 'mei@portside-hosting.example']]);
  });

  it('gives every site an SLA with credit tiers, a runbook and a fee in cents', async () => {
    const directory = await loadDirectoryFile(EXAMPLE);
    for (const site of directory.sites) {
      expect(site.sla.creditTiers.length).toBeGreaterThan(0);
      expect(Number.isInteger(site.sla.monthlyFeeCents)).toBe(true);
      expect(site.runbook).toBeTruthy();
    }
    expect(siteById(directory, 'wanderlust-web').sla).toEqual({
      monthlyFeeCents: 45000,
      uptimeTarget: 99.9,
      creditTiers: [
        { belowPercent: 99.9, creditPercent: 10 },
        { belowPercent: 99, creditPercent: 25 },
        { belowPercent: 95, creditPercent: 50 },
      ],
    });
  });
});

describe('parseDirectory maps the file to the domain', () => {
  it('turns the fee into integer cents and sorts credit tiers mildest first', () => {
    const file = baseFile();
    Object.assign(siteSla(file), {
      monthly_fee: 95.5,
      credit_tiers: [
        { below: 95, credit: 50 },
        { below: 99.9, credit: 10 },
        { below: 99, credit: 25 },
      ],
    });
    const site = parseDirectory(stringify(file), 'dir.yaml').sites[0];
    expect(site?.sla.monthlyFeeCents).toBe(9550);
    expect(site?.sla.creditTiers.map((t) => t.belowPercent)).toEqual([99.9, 99, 95]);
  });

  it('maps people with their handles and leaves absent fields out', () => {
    const directory = parseDirectory(stringify(baseFile()), 'dir.yaml');
    expect(directory.people[0]).toEqual({
      id: 'dana',
      name: 'Dana',
      organisationId: 'brightdesk',
      handles: { slack: 'U01DANA', discord: '810000000000000001' },
    });
    expect(directory.people[3]).toEqual({
      id: 'kevin',
      name: 'Kevin',
      organisationId: 'wanderlust',
      handles: { discord: '810000000000000004' },
    });
  });

  it('accepts an uptime target of exactly 100 and a site without vendors, runbook or fallback', () => {
    const file = baseFile();
    const site = entry(file, 'sites', 0);
    delete site.vendor_contacts;
    delete site.runbook;
    delete site.fallback;
    siteSla(file).uptime_target = 100;
    const parsed = parseDirectory(stringify(file), 'dir.yaml').sites[0];
    expect(parsed?.vendorContactIds).toEqual([]);
    expect(parsed?.sla.uptimeTarget).toBe(100);
    expect(parsed && 'runbook' in parsed).toBe(false);
  });
});

describe('loadDirectoryFile', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('says how to fix a missing file', async () => {
    const error = await loadDirectoryFile('no/such/directory.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe(
      'The directory file no/such/directory.yaml does not exist. Copy examples/directory.yaml there and edit it.',
    );
  });

  it('names the path it read in every problem', async () => {
    dir = await mkdtemp(join(tmpdir(), 'handoff-directory-'));
    const path = join(dir, 'directory.yaml');
    const file = baseFile();
    entry(file, 'people', 1).organisation = 'cloudnest-hostng';
    await writeFile(path, stringify(file));
    const error = await loadDirectoryFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message.startsWith(`${path}: people[1] (id "sam"): field "organisation"`)).toBe(
      true,
    );
  });
});
