// Issue 15, item 2 (the web half): client links survive a restart. Without OWNER_TOKEN the
// token behind every link is generated once and kept in the data folder (mode 0600);
// LINK_SECRET keys client links on its own; PUBLIC_URL is the base of every link shown.

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { LiveUpdates } from '../../src/web/live-updates.ts';
import { startOwnersWeb, type OwnersWeb, type OwnersWebOptions } from '../../src/web/owners-web.ts';
import { createHarness, silentLogger, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';
import { OWNER_TOKEN, playStory } from './web-fixture.ts';

const started: OwnersWeb[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const web of started.splice(0)) await web.close();
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

let story: Harness | undefined;
async function harness(): Promise<Harness> {
  if (!story) {
    story = await createHarness(createMemoryStore(), testWorld());
    await playStory(story);
  }
  return story;
}

async function start(options: Partial<OwnersWebOptions>): Promise<OwnersWeb> {
  const web = await startOwnersWeb({
    port: 0,
    host: '127.0.0.1',
    core: (await harness()).deps,
    live: new LiveUpdates(),
    logger: silentLogger,
    ...options,
  });
  started.push(web);
  return web;
}

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'handoff-links-'));
  folders.push(dir);
  return dir;
}

const pathOf = (url: string) => new URL(url).pathname;

describe('client links that last', () => {
  it('keep working after a restart on the same data folder, without OWNER_TOKEN', async () => {
    const dataDir = await dataFolder();
    const first = await start({ dataDir });
    const link = first.clientUrl('acme');
    const owner = first.ownerUrl;
    expect((await fetch(link)).status).toBe(200);
    await first.close();
    started.length = 0;

    const second = await start({ dataDir });
    const again = new URL(pathOf(link), second.server.origin).href;
    expect((await fetch(again)).status).toBe(200);
    expect(pathOf(second.clientUrl('acme'))).toBe(pathOf(link));
    expect(pathOf(second.ownerUrl)).toBe(pathOf(owner));
    expect(second.tokenGenerated).toBe(false);
    expect(second.tokenFile).toBe(path.join(dataDir, 'owner-token'));
  });

  it('keeps the token in a file only its owner can read', async () => {
    const dataDir = await dataFolder();
    await start({ dataDir });
    const { mode } = await stat(path.join(dataDir, 'owner-token'));
    expect(mode & 0o777).toBe(0o600);
  });

  it('with OWNER_TOKEN writes no file, and links are the ones that token always gave', async () => {
    const dataDir = await dataFolder();
    const web = await start({ dataDir, ownerToken: OWNER_TOKEN });
    expect(web.tokenFile).toBeUndefined();
    await expect(stat(path.join(dataDir, 'owner-token'))).rejects.toThrow();
    expect(pathOf(web.ownerUrl)).toBe(`/o/${OWNER_TOKEN}/`);
  });

  it('with LINK_SECRET, client links stay the same when the owner token changes', async () => {
    const a = await start({ ownerToken: OWNER_TOKEN, linkSecret: 'link-secret-0123456789abcdef' });
    const b = await start({
      ownerToken: `${OWNER_TOKEN}-rotated`,
      linkSecret: 'link-secret-0123456789abcdef',
    });
    expect(pathOf(b.clientUrl('acme'))).toBe(pathOf(a.clientUrl('acme')));
    expect(pathOf(b.ownerUrl)).not.toBe(pathOf(a.ownerUrl));
    expect((await fetch(new URL(pathOf(a.clientUrl('acme')), b.server.origin))).status).toBe(200);
  });

  it('uses PUBLIC_URL for the printed links and the links on the owner’s page', async () => {
    const web = await start({ ownerToken: OWNER_TOKEN, publicUrl: 'https://handoff.example.com/ops' });
    expect(web.ownerUrl).toBe(`https://handoff.example.com/ops/o/${OWNER_TOKEN}/`);
    expect(web.clientUrl('acme')).toMatch(/^https:\/\/handoff\.example\.com\/ops\/c\/acme\//);
    const local = new URL(pathOf(web.ownerUrl).replace(/^\/ops/, ''), web.server.origin);
    const page = await (await fetch(local)).text();
    expect(page).toContain(`<code class="link">${web.clientUrl('acme')}</code>`);
  });

  it('shows the listening address on the owner’s page when PUBLIC_URL is unset, whatever the Host header', async () => {
    const web = await start({ ownerToken: OWNER_TOKEN });
    const page = await (await fetch(web.ownerUrl, { headers: { host: 'evil.example' } })).text();
    expect(page).toContain(`<code class="link">${web.clientUrl('acme')}</code>`);
    expect(web.clientUrl('acme').startsWith(web.server.origin)).toBe(true);
  });
});

describe('PUBLIC_URL and LINK_SECRET settings', () => {
  it('reads them, dropping a trailing slash', () => {
    const web = loadConfig({ PUBLIC_URL: 'https://handoff.example.com/', LINK_SECRET: 'x'.repeat(32) }).web;
    expect(web.publicUrl).toBe('https://handoff.example.com');
    expect(web.linkSecret).toBe('x'.repeat(32));
  });

  it('refuses a PUBLIC_URL that is not an http(s) address, saying what to write', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'handoff.example.com' })).toThrow(
      /PUBLIC_URL must be the address people open, like https:\/\/handoff\.example\.com/,
    );
    expect(() => loadConfig({ PUBLIC_URL: 'https://x.example/?a=1' })).toThrow(/PUBLIC_URL/);
  });

  it('refuses a short LINK_SECRET', () => {
    expect(() => loadConfig({ LINK_SECRET: 'short' })).toThrow(/LINK_SECRET must be at least 16 characters/);
  });
});
