// The pinned status message of an incident channel: posted once, then edited in place. Its
// channel and ts are stored in the database (refs `status:<incident>`), not in memory, so
// a restart edits the same message and another process sees it too. No cache: a process
// that remembered a ts would miss another process replacing a deleted message. A new
// status is posted by one process at a time (a lease, refs `lease:status:<incident>`).

import type { IncidentView } from '../../src/app/incident-view.ts';
import { leaseOrFind, type PlatformRefs } from '../../src/app/platform-refs.ts';
import { slackErrorCode } from './slack-errors.ts';
import { statusMessage, type SlackMessage } from './slack-render.ts';
import type { SlackRuntime } from './slack-runtime.ts';

interface StatusRef {
  channel: string;
  ts: string;
  pinned: boolean;
}

const keyOf = (incidentNumber: number) => `status:${incidentNumber}`;
const leaseOf = (incidentNumber: number) => `lease:status:${incidentNumber}`;
/** Longer than posting a message takes, Slack's retries on a 429 included. */
const POST_LEASE_MS = 30_000;

function parse(value: Record<string, unknown> | null): StatusRef | undefined {
  if (!value || typeof value.channel !== 'string' || typeof value.ts !== 'string') return undefined;
  return { channel: value.channel, ts: value.ts, pinned: value.pinned === true };
}

export interface StatusMessages {
  /** Posts (and pins) the incident's status in the channel, or edits the one it has. Throws what Slack throws. */
  keep(view: IncidentView, channel: string): Promise<void>;
}

export function createStatusMessages(rt: SlackRuntime): StatusMessages {
  const refs = (): PlatformRefs => rt.app().refs('slack');

  /** False when the message is gone (someone deleted it). */
  async function edit(ref: StatusRef, message: SlackMessage): Promise<boolean> {
    try {
      await rt.client.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: message.text,
        blocks: message.blocks,
      });
      return true;
    } catch (error) {
      if (slackErrorCode(error) === 'message_not_found') return false;
      throw error;
    }
  }

  async function pin(key: string, ref: StatusRef): Promise<void> {
    if (ref.pinned) return;
    try {
      await rt.client.pins.add({ channel: ref.channel, timestamp: ref.ts });
    } catch (error) {
      // Pinned by another process, or by us before a crash kept us from noting it.
      if (slackErrorCode(error) !== 'already_pinned') throw error;
    }
    await refs().put(key, { ...ref, pinned: true });
  }

  /** Takes back a message we posted but do not keep; a failure only leaves one stray message. */
  async function withdraw(channel: string, ts: string): Promise<void> {
    try {
      await rt.client.chat.delete({ channel, ts });
    } catch (error) {
      rt.logger.warn({ channel, ts, slackError: slackErrorCode(error) }, 'slack spare status not deleted');
    }
  }

  async function keep(view: IncidentView, channel: string): Promise<void> {
    const key = keyOf(view.number);
    const lease = leaseOf(view.number);
    const message = statusMessage(view);
    const inThisChannel = async () => {
      const ref = parse(await refs().get(key));
      return ref?.channel === channel ? ref : undefined;
    };
    // A few rounds at most: each one either edits, or settles who owns the status.
    for (let round = 0; round < 3; round++) {
      // One process posts a new status; the others wait for it and edit it.
      const found = await leaseOrFind(refs(), lease, POST_LEASE_MS, inThisChannel);
      if (!found.leased) {
        const ref = found.found;
        if (await edit(ref, message)) return pin(key, ref);
        // Deleted in Slack: forget it, unless another process has already put a new one.
        if (parse(await refs().get(key))?.ts === ref.ts) await refs().delete(key);
        continue;
      }
      let mine: StatusRef;
      let kept: boolean;
      try {
        const earlier = parse(await refs().get(key)); // in an earlier channel, if any
        const posted = await rt.client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
        });
        if (!posted.ts) throw new Error('chat.postMessage returned no ts');
        mine = { channel, ts: posted.ts, pinned: false };
        try {
          // A status from an earlier channel is replaced; otherwise the first process to store one keeps it.
          kept = earlier
            ? (await refs().put(key, { ...mine }), true)
            : await refs().putIfAbsent(key, { ...mine });
        } catch (error) {
          await withdraw(channel, posted.ts); // not stored, so it would never be edited
          throw error;
        }
      } finally {
        await refs()
          .delete(lease)
          .catch((error: unknown) => {
            rt.logger.warn(
              { incident: view.number, error: String(error) },
              'slack status lease not given back',
            );
          });
      }
      if (kept) return pin(key, mine);
      // Another process posted one first (its lease ran out meanwhile): ours goes, theirs is edited next round.
      await withdraw(channel, mine.ts);
    }
    throw new Error('the status message kept changing hands');
  }

  return { keep };
}
