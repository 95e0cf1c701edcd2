// Counts what happened twice after several processes shared one database and one Redis:
// at the fake Slack, each outbox notification posted once, one status message per incident
// room, each command answered once; in the database, each action recorded once (a step
// added, a handoff proposed, accepted, reminded or escalated). Counted from what actually
// arrived and what was actually written, not from what the processes say they did.

import pg from 'pg';
import { escapeText } from '../../adapters/slack/slack-render.ts';
import type { FakeSlack } from '../../test/fakes/slack/fake-slack.ts';

export interface DuplicateCount {
  /** Deliveries looked at: outbox notifications, status messages, answers to commands and clicks. */
  deliveriesChecked: number;
  /** Timeline events looked at: steps added, handoffs proposed, accepted, reminded, escalated. */
  actionsChecked: number;
  /** Notifications seen at the fake Slack (chat.postMessage that mentions someone first). */
  posted: number;
  deliveryDuplicates: number;
  actionDuplicates: number;
  /** Of the actions checked, reminders and escalations (timer-driven, so the BullMQ side is covered). */
  reminders: number;
  /** Outbox notifications never seen at Slack, and entries not sent (pending or failed). */
  missing: number;
  unsent: number;
  /** Spare rooms and status messages the processes made in a race and took back (not duplicates). */
  spareRooms: number;
  spareStatuses: number;
  /** What was duplicated, for the output. */
  details: string[];
}

/** How many of each key beyond the first, with the keys that repeat. */
function excess(keys: Iterable<string>): { count: number; repeated: string[] } {
  const seen = new Map<string, number>();
  for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  const repeated = [...seen].filter(([, n]) => n > 1);
  return {
    count: repeated.reduce((s, [, n]) => s + n - 1, 0),
    repeated: repeated.map(([k, n]) => `${k} ×${n}`),
  };
}

/** Posted texts of Slack messages that mention someone first: the notifications. */
function postedNotifications(fake: FakeSlack): string[] {
  return fake
    .callsTo('chat.postMessage')
    .map((c) => String(c.args.text ?? ''))
    .filter((text) => text.startsWith('<@'))
    .map((text) => text.replace(/^<@[A-Z0-9]+> /, ''));
}

export async function countDuplicates(fake: FakeSlack, databaseUrl: string): Promise<DuplicateCount> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const outbox = await client.query<{ status: string; text: string }>(
      `SELECT status, payload->>'text' AS text FROM "OutboxEntry" WHERE platform = 'slack' AND kind = 'notify'`,
    );
    const actions = await client.query<{ incident: number; type: string; key: string }>(
      `SELECT "incidentNumber" AS incident, type,
         CASE WHEN type = 'step.added' THEN payload->>'title'
              WHEN type = 'handoff.proposed' THEN payload->>'note'
              ELSE payload->>'handoff' END AS key
       FROM "TimelineEvent"
       WHERE type IN ('step.added', 'handoff.proposed', 'handoff.accepted', 'handoff.reminded', 'handoff.escalated')`,
    );
    const rooms = await client.query<{ number: number; room: string | null }>(
      `SELECT number, rooms->>'slack' AS room FROM "Incident"`,
    );

    // Each sent notification is one message; a text sent n times by the outbox may be posted n times.
    const expected = new Map<string, number>();
    for (const row of outbox.rows.filter((r) => r.status === 'sent')) {
      const text = escapeText(row.text);
      expected.set(text, (expected.get(text) ?? 0) + 1);
    }
    const notifications = postedNotifications(fake);
    const posted = new Map<string, number>();
    for (const text of notifications) posted.set(text, (posted.get(text) ?? 0) + 1);
    let notificationDuplicates = 0;
    let missing = 0;
    const details: string[] = [];
    for (const text of new Set([...expected.keys(), ...posted.keys()])) {
      const diff = (posted.get(text) ?? 0) - (expected.get(text) ?? 0);
      if (diff > 0) details.push(`notification posted ${diff} more time(s): ${text.slice(0, 80)}`);
      notificationDuplicates += Math.max(0, diff);
      missing += Math.max(0, -diff);
    }

    // One status message left in each incident's room (a spare from a race is deleted).
    const statuses = rooms.rows.map((r) => ({
      incident: r.number,
      left: fake.messages.filter(
        (m) => m.channel === r.room && !m.user && m.text.startsWith(`INC-${r.number} ·`),
      ).length,
    }));
    const statusDuplicates = statuses.reduce((s, r) => s + Math.max(0, r.left - 1), 0);
    for (const r of statuses.filter((s) => s.left > 1))
      details.push(`INC-${r.incident}: ${r.left} status messages`);
    const statusPosts = fake
      .callsTo('chat.postMessage')
      .filter((c) => /^INC-\d+ ·/.test(String(c.args.text)));

    // Each command answered once at its response_url; each click's answer (an ephemeral) once.
    const answers = excess(fake.responses.map((r) => r.id));
    const ephemerals = excess(
      fake.messages.filter((m) => m.user).map((m) => `${m.channel} ${m.user} ${m.text.slice(0, 60)}`),
    );
    details.push(
      ...answers.repeated.map((k) => `answer ${k}`),
      ...ephemerals.repeated.map((k) => `ephemeral ${k}`),
    );

    const recorded = excess(actions.rows.map((a) => `INC-${a.incident} ${a.type} ${a.key}`));
    details.push(...recorded.repeated.map((k) => `recorded ${k}`));

    return {
      deliveriesChecked:
        outbox.rows.length +
        statuses.length +
        fake.responses.length +
        fake.messages.filter((m) => m.user).length,
      actionsChecked: actions.rows.length,
      posted: notifications.length,
      deliveryDuplicates: notificationDuplicates + statusDuplicates + answers.count + ephemerals.count,
      actionDuplicates: recorded.count,
      reminders: actions.rows.filter((a) => a.type === 'handoff.reminded' || a.type === 'handoff.escalated')
        .length,
      missing,
      unsent: outbox.rows.filter((r) => r.status !== 'sent').length,
      spareRooms: fake.callsTo('conversations.create').length - rooms.rows.length,
      spareStatuses: statusPosts.length - statuses.length,
      details,
    };
  } finally {
    await client.end();
  }
}
