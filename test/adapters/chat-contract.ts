// The contract every chat adapter's Notifier keeps (design §5.9), run against each platform
// (console, Slack, Discord) by a small driver. The driver builds the real core with the
// adapter as its notifier over the directory it is given (test/support/world.ts), and reads
// back what the platform received; the suite never looks at platform details.
//
// Usage, in test/adapters/<platform>/<platform>-contract.test.ts:
//   chatAdapterContract('Slack', async (directory) => ({ ...a ChatContractWorld }));

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification, Notifier } from '../../src/app/ports.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { testWorld } from '../support/world.ts';

export interface ChatContractWorld {
  notifier: Notifier;
  /**
   * Opens an incident on `wanderlust-web` through the platform (a real command, so rooms
   * exist where the platform has them), reported by anyone the platform knows. Returns its number.
   */
  openIncident(): Promise<number>;
  /**
   * Everything the platform delivered that is addressed to this directory person (a DM, a
   * mention of them in a room, a line printed for them), as plain text with the platform's
   * escaping undone. Async so a driver may flush buffered output first.
   */
  delivered(personId: string): Promise<string[]>;
  /** What the adapter said about people it could not reach (room notices, log lines), as text. */
  reported(): Promise<string[]>;
  /**
   * A participant of wanderlust-web incidents with no handle on this platform (in testWorld():
   * 'kevin' has no Slack id, 'maria' no Discord id). Undefined where everyone is reachable (console).
   */
  withoutHandle?: string;
  close(): Promise<void>;
}

export type MakeChatContractWorld = (directory: Directory) => Promise<ChatContractWorld>;

const note = (personId: string, personName: string, incidentNumber: number, text: string): Notification => ({
  personId,
  personName,
  incidentNumber,
  text,
});

export function chatAdapterContract(platform: string, makeWorld: MakeChatContractWorld): void {
  describe(`chat adapter contract: ${platform}`, () => {
    let world: ChatContractWorld;
    let incident: number;
    beforeEach(async () => {
      world = await makeWorld(testWorld());
      incident = await world.openIncident();
    });
    afterEach(async () => {
      await world.close();
    });

    it('a notification for a person with a handle reaches them by name', async () => {
      await world.notifier.notify([
        note('sam', 'Sam', incident, 'Sam, please look at the disk on the web server.'),
      ]);
      const received = await world.delivered('sam');
      expect(received.some((t) => t.includes('Sam, please look at the disk on the web server.'))).toBe(true);
    });

    it('a notification for one person is not addressed to another', async () => {
      await world.notifier.notify([
        note('sam', 'Sam', incident, 'Sam, the disk is yours to check.'),
        note('dana', 'Dana', incident, 'Dana, Sam has the disk.'),
      ]);
      expect(
        (await world.delivered('dana')).some((t) => t.includes('Sam, the disk is yours to check.')),
      ).toBe(false);
      expect((await world.delivered('dana')).some((t) => t.includes('Dana, Sam has the disk.'))).toBe(true);
    });

    it('a person without a handle is reported, not dropped', async () => {
      const id = world.withoutHandle ?? 'kevin';
      const name = testWorld().people.find((p) => p.id === id)!.name;
      const text = `${name}, the site is back up.`;
      await world.notifier.notify([note(id, name, incident, text)]);
      const delivered = (await world.delivered(id)).some((t) => t.includes(text));
      const reported = (await world.reported()).some((t) => t.includes(name) || t.includes(id));
      expect(delivered || reported).toBe(true);
    });

    it('a handoff request keeps its words (how to accept or decline) on every platform', async () => {
      const text =
        'Sam, Dana wants to hand you step 1 of INC-1.\nAccept: /incident accept H1   Decline: /incident decline H1 <reason>';
      await world.notifier.notify([
        { ...note('sam', 'Sam', incident, text), handoff: { incidentNumber: incident, number: 1 } },
      ]);
      const received = (await world.delivered('sam')).join('\n');
      expect(received).toContain('Dana wants to hand you step 1 of INC-1.');
      expect(received).toContain('/incident decline H1 <reason>');
    });

    it('nothing to deliver and an incident it never saw are both fine', async () => {
      await world.notifier.notify([]);
      await expect(world.notifier.incidentChanged?.(999) ?? Promise.resolve()).resolves.toBeUndefined();
    });
  });
}
