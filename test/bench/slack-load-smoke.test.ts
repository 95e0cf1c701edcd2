// The Slack load bench at a tiny size: proves it measures real answers (acks with status
// 200, the bot's status reply at response_url), not errors. No timing is asserted here.

import { describe, expect, it } from 'vitest';
import { measureAll } from '../../bench/slack-load.bench.ts';
import { serverSuite } from '../support/servers.ts';

await serverSuite('PostgreSQL', 'Slack load bench smoke');

describe('the Slack load bench at a tiny size', () => {
  it(
    'drives bare Bolt, the PGlite floor and Handoff and times real answers',
    { timeout: 240_000 },
    async () => {
      const scale = { rate: 20, seconds: 1, sweep: [20], sweepSeconds: 1, incidents: 2 };
      const { bare, pgliteFloor, apps, pgliteWithoutAckThread } = await measureAll(scale, { pin: false });
      expect(bare.name).toBe('bare Bolt');
      expect(bare.slash).toMatchObject({ errors: 0 });
      expect(bare.slash.latencies).toHaveLength(20);
      // The floor under Handoff on PGlite: bare Bolt that served PGlite (it asks it on each command).
      expect(pgliteFloor.name).toBe('bare Bolt + PGlite');
      expect(pgliteFloor.slash).toMatchObject({ errors: 0 });
      expect(pgliteFloor.slash.latencies).toHaveLength(20);
      expect(pgliteFloor.idleMb).toBeGreaterThan(bare.idleMb);
      expect(apps.map((a) => a.name)).toEqual(['Handoff on PostgreSQL', 'Handoff on PGlite']);
      expect(pgliteWithoutAckThread.name).toBe('Handoff on PGlite without the ack thread');
      for (const app of [...apps, pgliteWithoutAckThread]) {
        expect(app.slash.errors).toBe(0);
        expect(app.slash.latencies).toHaveLength(20);
        expect(app.button.latencies).toHaveLength(20);
        expect(app.answers).toHaveLength(20);
        // The status of INC-1 as the bot shows it: Sam holds step 1 after accepting H1.
        for (const text of app.answerTexts) expect(text).toMatch(/INC-1[\s\S]*Sam/);
        expect(app.idleMb).toBeGreaterThan(10);
        expect(app.loadedMb).toBeGreaterThan(10);
      }
    },
  );
});
