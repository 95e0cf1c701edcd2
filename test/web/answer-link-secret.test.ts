// Issue 14: the key of the e-mail answer links. LINK_SECRET when set; else 32 random bytes
// kept in the data folder (0600), made once even when two processes start together, so
// links sent before a restart still verify after it.

import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnswerLinks } from '../../src/web/answer-link-signing.ts';
import { ANSWER_LINK_SECRET_FILE, answerLinkSecret } from '../../src/web/answer-link-secret.ts';
import { ManualClock } from '../../src/timers/clock.ts';
import { T0 } from '../support/world.ts';

const folders: string[] = [];
afterEach(async () => {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'handoff-answer-secret-'));
  folders.push(dir);
  // A data folder not made yet: the secret's first use makes it.
  return path.join(dir, 'data');
}

describe('the answer-link secret', () => {
  it('is LINK_SECRET when set, and then no file is written', async () => {
    const dataDir = await dataFolder();
    expect(await answerLinkSecret({ linkSecret: 'from-env', dataDir })).toEqual({ secret: 'from-env' });
    await expect(stat(dataDir)).rejects.toThrow();
  });

  it('is made once in the data folder, readable only by its owner, and the same after a restart', async () => {
    const dataDir = await dataFolder();
    const [a, b] = await Promise.all([answerLinkSecret({ dataDir }), answerLinkSecret({ dataDir })]);
    expect(a.secret).toBe(b.secret);
    expect(Buffer.from(a.secret, 'base64url')).toHaveLength(32);
    expect(a.file).toBe(path.join(dataDir, ANSWER_LINK_SECRET_FILE));
    expect((await stat(a.file!)).mode & 0o777).toBe(0o600);

    const clock = new ManualClock(T0);
    const before = createAnswerLinks({ secret: a.secret, baseUrl: () => '', clock });
    const token = before
      .urlsFor({ incidentNumber: 1, handoff: 1, personId: 'sam' })
      .accept.slice('/answer/'.length);
    const restarted = await answerLinkSecret({ dataDir });
    expect(restarted.secret).toBe(a.secret);
    expect(createAnswerLinks({ secret: restarted.secret, baseUrl: () => '', clock }).verify(token).ok).toBe(
      true,
    );
  });

  it('says how to recover from an empty file', async () => {
    const dataDir = await dataFolder();
    await answerLinkSecret({ dataDir });
    await writeFile(path.join(dataDir, ANSWER_LINK_SECRET_FILE), '\n');
    await expect(answerLinkSecret({ dataDir })).rejects.toThrow(
      'answer-link-secret is empty; delete it and Handoff makes a new answer-link secret.',
    );
  });
});
