// Issue 12, seen 2: 10,000 signed, generated malformed Slack bodies against the real Bolt
// receiver behind our edge. None may get a 5xx (Slack retries those) or escape as an
// unhandled rejection, and none may reach Bolt's last-resort error handler: the edge's
// shape checks must have caught it first. Fixed seed, so a failure replays exactly.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_ACCEPT, VIEW_DECLINE } from '../../../adapters/slack/slack-payloads.ts';
import { testWorld } from '../../support/world.ts';
import { createSlackWorld, FORM, SIGNING_SECRET, type SlackWorld } from './slack-world.ts';
import { slackSignature } from '../../fakes/slack/slack-signature.ts';

const RUNS = 10_000;
// Sent in concurrent batches: the machine waits on sockets more than it computes.
const BATCH = 10;
const SEED = 20_261_124;

let world: SlackWorld;
beforeAll(async () => {
  world = await createSlackWorld(testWorld());
});
afterAll(async () => {
  await world.close();
});

type Json = unknown;
type Body = { bytes: Buffer; contentType: string | undefined };

// Valid-looking starting points, one per kind of delivery Slack sends us.
const event = () => ({
  type: 'event_callback',
  event_id: 'Ev01',
  team_id: 'T0TEAM',
  authorizations: [{ team_id: 'T0TEAM', enterprise_id: null, is_enterprise_install: false }],
  event: { type: 'message', user: 'U0DANA', channel: 'C0ROOM', text: 'not my problem', ts: '1.2' },
});
const command = () => ({
  command: '/incident',
  text: 'status',
  user_id: 'U0DANA',
  channel_id: 'C0GENERAL',
  team_id: 'T0TEAM',
  response_url: world.fake.responseUrl('fuzz'),
  trigger_id: '1.fuzz',
});
const action = () => ({
  type: 'block_actions',
  user: { id: 'U0SAM', team_id: 'T0TEAM' },
  team: { id: 'T0TEAM' },
  enterprise: null,
  trigger_id: '1.fuzz',
  channel: { id: 'C0ROOM' },
  message: { ts: '1.2', text: 'Handoff' },
  actions: [{ action_id: ACTION_ACCEPT, value: '{"incident":1,"handoff":1}' }],
});
const view = () => ({
  type: 'view_submission',
  user: { id: 'U0SAM' },
  team: { id: 'T0TEAM' },
  view: {
    id: 'V1',
    callback_id: VIEW_DECLINE,
    private_metadata: '{"incident":1,"handoff":1}',
    state: { values: { reason: { reason_input: { value: 'not mine' } } } },
  },
});

const PATHS: Record<string, string[][]> = {
  event: [
    ['type'],
    ['event_id'],
    ['event'],
    ['event', 'type'],
    ['event', 'user'],
    ['event', 'channel'],
    ['event', 'item'],
    ['event', 'subteam'],
    ['event', 'text'],
    ['authorizations'],
    ['authorizations', '0'],
    ['event', 'channel_id'],
    ['team_id'],
  ],
  command: [
    ['command'],
    ['text'],
    ['user_id'],
    ['channel_id'],
    ['response_url'],
    ['trigger_id'],
    ['team_id'],
  ],
  interaction: [
    ['type'],
    ['user'],
    ['user', 'id'],
    ['actions'],
    ['actions', '0'],
    ['actions', '0', 'action_id'],
    ['actions', '0', 'value'],
    ['channel'],
    ['message'],
    ['team'],
    ['enterprise'],
    ['view'],
    ['view', 'callback_id'],
    ['view', 'state'],
    ['view', 'state', 'values'],
    ['view', 'private_metadata'],
    ['function_data'],
    ['trigger_id'],
  ],
};

const hugeString = fc.constant('x'.repeat(100_000));
const value: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(null, [], {}, '', 0, -1, true, false, [null], { id: null }) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: hugeString },
);

function setAt(target: Json, path: string[], next: Json | undefined): Json {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [string, ...string[]];
  const base: Record<string, Json> =
    typeof target === 'object' && target !== null ? { ...(target as Record<string, Json>) } : {};
  if (Array.isArray(target)) Object.assign(base, target);
  const child = setAt(base[head], rest, next);
  if (child === undefined) delete base[head];
  else base[head] = child;
  return Array.isArray(target) ? Object.values(base) : base;
}

const mutation = (kind: string) =>
  fc.array(fc.tuple(fc.constantFrom(...PATHS[kind]!), fc.option(value, { nil: undefined })), {
    minLength: 1,
    maxLength: 3,
  });
const mutated = (start: () => Json, kind: string) =>
  mutation(kind).map((edits) => edits.reduce((body, [path, next]) => setAt(body, path, next), start()));

const asForm = (fields: Json) =>
  typeof fields === 'object' && fields !== null
    ? new URLSearchParams(
        Object.entries(fields).map(([k, v]): [string, string] => [
          k,
          typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
        ]),
      ).toString()
    : String(JSON.stringify(fields));

const contentType = fc.constantFrom(
  'application/json',
  FORM,
  `${FORM}; charset=utf-8`,
  'text/plain',
  'multipart/form-data; boundary=x',
  undefined,
);
const bytes = (text: string) => Buffer.from(text);

const bodies: fc.Arbitrary<Body> = fc.oneof(
  mutated(event, 'event').map((b) => ({
    bytes: bytes(JSON.stringify(b) ?? 'undefined'),
    contentType: 'application/json',
  })),
  mutated(command, 'command').map((b) => ({ bytes: bytes(asForm(b)), contentType: FORM })),
  fc.oneof(mutated(action, 'interaction'), mutated(view, 'interaction')).map((b) => ({
    bytes: bytes(`payload=${encodeURIComponent(JSON.stringify(b) ?? 'undefined')}`),
    contentType: FORM,
  })),
  fc
    .tuple(value, contentType)
    .map(([v, type]) => ({ bytes: bytes(JSON.stringify(v) ?? ''), contentType: type })),
  fc
    .tuple(value, contentType)
    .map(([v, type]) => ({ bytes: bytes(`payload=${JSON.stringify(v)}`), contentType: type })),
  fc
    .tuple(fc.uint8Array({ maxLength: 64 }), contentType)
    .map(([b, type]) => ({ bytes: Buffer.from(b), contentType: type })),
  fc.tuple(fc.stringMatching(/^(%[0-9A-Za-z]{0,2}|[&=+a-z_]){0,30}$/), contentType).map(([t, type]) => ({
    bytes: bytes(t),
    contentType: type,
  })),
);

const sign = (body: Buffer, timestamp: number) => slackSignature(SIGNING_SECRET, timestamp, body);

async function post(body: Body): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${world.url}/slack/events`, {
    method: 'POST',
    headers: {
      ...(body.contentType ? { 'content-type': body.contentType } : {}),
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body.bytes, timestamp),
    },
    body: body.bytes,
  });
  await response.arrayBuffer();
  return response.status;
}

describe('fuzzing the Slack endpoint with signed malformed bodies', () => {
  it(`${RUNS} bodies: no 5xx, no unhandled rejection, nothing left for Bolt to choke on`, async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const statuses = new Map<number, number>();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(bodies, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          for (const status of await Promise.all(batch.map(post))) {
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            expect(status).toBeLessThan(500);
          }
        }),
        { numRuns: RUNS / BATCH, seed: SEED, endOnFailure: true },
      );
      await world.idle();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    console.info('slack fuzz statuses', Object.fromEntries([...statuses].sort()));
    expect(rejections).toEqual([]);
    const boltFailures = world.logger.lines.filter((l) => l.message === 'slack request failed inside Bolt');
    expect([...new Set(boltFailures.map((l) => JSON.stringify(l.fields)))]).toEqual([]);
    expect(world.logger.lines.filter((l) => l.message === 'slack request failed at the edge')).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b)).toBe(RUNS);
    expect(statuses.get(400)).toBeGreaterThan(RUNS / 4);
  }, 120_000);
});
