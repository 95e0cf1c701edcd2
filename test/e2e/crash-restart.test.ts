// Issue 11: the real `handoff` process in Slack mode, on PostgreSQL, killed with SIGKILL at
// 20 points of two scripted incidents and started again each time. A kill comes the moment
// the fake Slack receives a chosen Web API call: unanswered and undone (a delivery attempted
// but not settled, right after a commit among them), or done with its answer lost. At the
// end: every notification of every committed change reached Slack at least once, no outbox
// row is left pending, each incident has one status message, pinned once, edited to its
// end, and every answered handoff request lost its buttons however many restarts ago it
// was posted.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/app/ports.ts';
import type { TimelineEvent } from '../../src/domain/timeline-types.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { postSigned, SIGNING_SECRET } from '../adapters/slack/slack-world.ts';
import { FakeSlack, type SlackCall } from '../fakes/slack/fake-slack.ts';
import { waitFor } from '../support/running-clock.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';
import { spawnHandoff, until, type SpawnedServer } from './support/spawned-server.ts';

const SLACK = { maria: 'U04MARIA', kevin: 'U04KEVIN', dana: 'U01DANA', priya: 'U01PRIYA' };
const SAM = 'U02SAM';
const JONAS = 'U03JONAS';

/** The two incidents, interleaved: who types what (in #general, naming the incident). */
const SCRIPT: Array<[user: string, text: string]> = [
  [SLACK.maria, 'open wanderlust-web The booking page shows an error'],
  [SLACK.dana, 'INC-1 step add Check the server'],
  [SLACK.dana, 'INC-1 step add Read the logs'],
  [SLACK.dana, `INC-1 handoff 1 <@${SAM}> Disk full; cleared /tmp`],
  [SAM, 'INC-1 accept H1'],
  [SLACK.kevin, 'open wanderlust-tours Tour bookings time out'],
  [SLACK.priya, 'INC-2 step add Check the tour operator API'],
  [SLACK.dana, `INC-1 handoff 2 <@${JONAS}> Lookups fail from outside`],
  [SLACK.priya, `INC-2 handoff 1 <@${SAM}> The API answers 502`],
  [JONAS, 'INC-1 decline H2 Not DNS: the zone answers'],
  [SAM, 'INC-2 decline H1 Busy with INC-1'],
  [SLACK.dana, 'INC-1 update We found the cause and are fixing it'],
  [SLACK.priya, `INC-2 handoff 1 <@${JONAS}> The API answers 502`],
  [JONAS, 'INC-2 accept H2'],
  [SAM, 'INC-1 step done 1'],
  [SLACK.priya, 'INC-2 update Bookings by email meanwhile'],
  [SLACK.dana, 'INC-1 resolve Disk cleaned, alerts added'],
  [SLACK.priya, 'INC-2 step add Raise the API timeout'],
  [SLACK.priya, 'INC-2 resolve The operator fixed their API'],
];

/**
 * Typed only while kill points are left once the story is over: a short incident, INC-`n`,
 * again as often as needed (each opens the site its predecessor resolved).
 */
const encore = (n: number): Array<[user: string, text: string]> => [
  ['U05INGRID', 'open fjord-booking Appointments cannot be booked'],
  [SLACK.dana, `INC-${n} step add Check the booking widget`],
  [SLACK.dana, `INC-${n} handoff 1 <@${JONAS}> The widget host does not resolve`],
  [JONAS, `INC-${n} accept H1`],
  [SLACK.dana, `INC-${n} update Fixed the record; checking`],
  [SLACK.dana, `INC-${n} resolve The DNS record is back`],
];
const ENCORES = 24;

type Crash = 'ignore' | 'swallow';
interface KillPoint {
  /** Which calls count towards this kill point (auth.test at start never does). */
  matches: (call: SlackCall) => boolean;
  /** The process dies on the nth matching call after it (re)started. */
  nth: number;
  crash: Crash;
}

const any = () => true;
const method = (name: string) => (call: SlackCall) => call.method === name;
const isPost = (call: SlackCall) => call.method === 'chat.postMessage';
const hasButtons = (call: SlackCall) => JSON.stringify(call.args.blocks ?? '').includes('"actions"');
const isStatus = (call: SlackCall) => isPost(call) && /^INC-\d+ ·/.test(String(call.args.text));
const handoffRequest = (call: SlackCall) => isPost(call) && hasButtons(call);
const plainMention = (call: SlackCall) =>
  isPost(call) && String(call.args.text).startsWith('<@') && !hasButtons(call);
/**
 * Calls whose lost answer no implementation could make up for, because Slack gives no way
 * to find the message again: a posted status or handoff request (it would be posted twice),
 * a created channel (a second one). Those are only ever killed before Slack acts.
 */
const answerMayBeLost = (call: SlackCall) =>
  call.method !== 'conversations.create' && (!isPost(call) || plainMention(call));

// In script order where a method is named; the others land wherever the story is.
const KILL_POINTS: KillPoint[] = [
  { matches: method('conversations.create'), nth: 1, crash: 'ignore' },
  { matches: method('chat.postMessage'), nth: 1, crash: 'ignore' },
  { matches: method('pins.add'), nth: 1, crash: 'ignore' },
  { matches: plainMention, nth: 2, crash: 'swallow' },
  { matches: method('chat.update'), nth: 1, crash: 'ignore' },
  { matches: any, nth: 1, crash: 'ignore' }, // while catching up after the last kill
  { matches: handoffRequest, nth: 1, crash: 'ignore' },
  { matches: method('chat.update'), nth: 2, crash: 'swallow' },
  { matches: any, nth: 3, crash: 'ignore' },
  { matches: method('conversations.invite'), nth: 1, crash: 'ignore' },
  { matches: answerMayBeLost, nth: 2, crash: 'swallow' },
  { matches: isStatus, nth: 1, crash: 'ignore' },
  { matches: method('chat.update'), nth: 1, crash: 'swallow' },
  { matches: answerMayBeLost, nth: 1, crash: 'swallow' },
  { matches: plainMention, nth: 1, crash: 'ignore' },
  { matches: any, nth: 4, crash: 'ignore' },
  { matches: method('chat.update'), nth: 2, crash: 'ignore' },
  { matches: any, nth: 2, crash: 'ignore' },
  { matches: plainMention, nth: 1, crash: 'swallow' },
  { matches: any, nth: 1, crash: 'ignore' },
];

/**
 * After Slack answered a status or handoff request post, the process needs a moment to
 * keep its id; a kill inside that moment is the same lost answer as above. So no kill point
 * counts while such a post is unaccounted for: until the process uses the status message
 * (pins or edits in its channel), or the request's outbox row is settled; KEEP_ID_MS at most.
 */
const KEEP_ID_MS = 5_000;

/** A kill point that has not matched after this many calls takes the next call it can. */
const FALLBACK_AFTER = 12;

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const up = await serverSuite('PostgreSQL', 'Crash and restart at 20 points');

describe.skipIf(!up)('killed with SIGKILL at 20 points of two incidents, restarted each time', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'handoff-crash-'));
  const slack = new FakeSlack();
  let database: TestDatabase | undefined;
  let db: Database | undefined;
  let server: SpawnedServer | undefined;
  let kills = 0;
  let rows: OutboxEntry[] = [];
  let timeline: TimelineEvent[] = [];
  let incidents: number[] = [];
  let rooms = new Map<number, string | undefined>();

  beforeAll(async () => {
    await slack.start();
    database = await createTestPostgresDatabase();
    db = await openDatabase({ kind: 'postgres', url: database.url });
    const store = createPrismaStore({ prisma: db.prisma, close: async () => {} });
    const env = {
      DATABASE_URL: database.url,
      HANDOFF_DATA_DIR: path.join(temp, 'data'),
      PORT: '0',
      HOST: '127.0.0.1',
      OWNER_TOKEN: 'owner-token-for-the-crash-test',
      LOG_LEVEL: 'error',
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      // A killed process's deliveries in progress are taken again 1 s after it died.
      DELIVERY_LEASE: '1s',
    };

    const points = [...KILL_POINTS];
    let armed: KillPoint | undefined;
    let seen = 0;
    let dead = false;
    const guards: Array<{ channel?: string; text?: string; until: number }> = [];
    let sinceArmed = 0;
    const startedIn: number[] = [];
    const guarded = (call: SlackCall) => {
      const now = Date.now();
      const uses = call.method === 'pins.add' || call.method === 'chat.update';
      for (let i = guards.length - 1; i >= 0; i--) {
        const g = guards[i]!;
        if (g.until <= now || (uses && g.channel === call.args.channel)) guards.splice(i, 1);
      }
      return guards.length > 0;
    };
    /** How many of `these` guards still hold kills back; those past their time go. */
    const outstanding = (these: ReadonlySet<object>) => {
      const now = Date.now();
      for (let i = guards.length - 1; i >= 0; i--) if (guards[i]!.until <= now) guards.splice(i, 1);
      return guards.filter((g) => these.has(g)).length;
    };
    slack.intercept = (call) => {
      // Requests the dead process sent before it died are never acted on: nobody would hear.
      if (dead) return 'ignore';
      if (armed && call.method !== 'auth.test' && !guarded(call)) {
        sinceArmed += 1;
        const hit = armed.matches(call)
          ? ++seen >= armed.nth
          : sinceArmed > FALLBACK_AFTER && (armed.crash === 'ignore' || answerMayBeLost(call));
        if (hit) {
          const crash = armed.crash;
          armed = undefined;
          kills += 1;
          dead = true;
          server!.kill(); // SIGKILL before the fake answers (or acts)
          return crash;
        }
      }
      if (isStatus(call)) guards.push({ channel: String(call.args.channel), until: Date.now() + KEEP_ID_MS });
      if (handoffRequest(call)) guards.push({ text: String(call.args.text), until: Date.now() + KEEP_ID_MS });
      return undefined;
    };
    // A handoff request's guard goes once its Slack row is settled: the process is done with
    // it. Only Slack's: the same notification's row for the web pages is settled at once.
    const settledTexts = setInterval(() => {
      if (!guards.some((g) => g.text)) return;
      void store
        .transaction((tx) => tx.listOutbox({ status: 'sent' }))
        .then(
          (sent) => {
            const texts = sent.flatMap((r) =>
              r.platform === 'slack' && r.effect.kind === 'notify'
                ? [escapeText(r.effect.notification.text)]
                : [],
            );
            for (let i = guards.length - 1; i >= 0; i--) {
              const text = guards[i]!.text;
              if (text && texts.some((t) => text.includes(t))) guards.splice(i, 1);
            }
          },
          () => undefined,
        );
    }, 50);
    const start = async () => {
      const began = performance.now();
      dead = false;
      server = spawnHandoff(env);
      const current = server;
      await until(
        () => current.stdout().includes('Handoff is running') || current.child.exitCode !== null,
        'the server to start',
      );
      if (current.child.exitCode !== null) throw new Error(`handoff exited:\n${current.stderr()}`);
      startedIn.push(performance.now() - began);
      armed = points.shift();
      seen = 0;
      sinceArmed = 0;
    };
    const alive = () => !dead && server?.child.exitCode === null && server.child.signalCode === null;
    const ensureRunning = async () => {
      if (alive()) return;
      await server?.exited();
      await start();
    };
    const committed = async (key: string) =>
      (await db!.prisma.processedKey.findUnique({ where: { key: `slack:cmd:${key}` } })) !== null;

    await start();
    // Under load the guards above hold kills back, and with the ack thread a command commits
    // before its deliveries are under way, so the story may end with points left: encores
    // until every point is used (about 8 of them on this machine; 12 fell short once, while
    // other tests loaded the machine).
    const encores = Array.from({ length: ENCORES }, (_, i) => encore(3 + i));
    const steps = [...SCRIPT, ...encores.flat()];
    let encoresTyped = 0;
    for (const [index, [user, text]] of steps.entries()) {
      const encoreStarts = index >= SCRIPT.length && (index - SCRIPT.length) % encores[0]!.length === 0;
      if (encoreStarts && !armed && points.length === 0) break; // every kill point used
      if (encoreStarts) encoresTyped += 1;
      const trigger = `${index + 1}.crash-step`;
      // The same trigger id on every try: a command that committed before a kill is not applied twice.
      for (let attempt = 1; !(await committed(trigger)); attempt++) {
        if (attempt > 10) {
          const answers = slack.responses.filter((r) => r.id.startsWith(`step-${index + 1}-`));
          throw new Error(`"${text}" never committed: ${JSON.stringify(answers)}\n${server?.stderr() ?? ''}`);
        }
        await ensureRunning();
        const answerId = `step-${index + 1}-${attempt}`;
        await postSlash(server!.origin(), slack, { user, text, trigger, answerId });
        // Its answer may go to the room (a Web API post), so the database says when it is done.
        await waitFor(
          `"${text}" to commit, be answered, or die with its process`,
          async () =>
            !alive() || slack.responses.some((r) => r.id === answerId) || (await committed(trigger)),
          60_000,
        );
      }
      // The next step's calls count towards a kill point only once this step's posts are
      // accounted for (the guards): on a loaded machine the next command's mention came while
      // the last request's settlement was still unseen, and two points were never reached.
      // Only the guards up to now: posts still coming (a backlog after a restart) add guards
      // of their own, and once kept the wait going past its bound on a loaded machine.
      const posted = new Set<object>(guards);
      await waitFor(
        'the posts of the step to be accounted for',
        async () => !alive() || outstanding(posted) === 0,
        KEEP_ID_MS * 2,
      );
    }
    // The kill points left land while the last deliveries are caught up.
    const outbox = () => store.transaction((tx) => tx.listOutbox({}));
    const settleBy = performance.now() + 120_000;
    for (;;) {
      await ensureRunning();
      const pending = (await outbox()).filter((r) => r.status === 'pending');
      if (pending.length === 0 && alive()) break;
      if (performance.now() > settleBy) {
        throw new Error(`still pending: ${pending.map((r) => r.id).join(', ')}\n${server?.stderr() ?? ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    clearInterval(settledTexts);
    rows = await outbox();
    const listed = await store.transaction((tx) => tx.listIncidents({}));
    incidents = listed.map((i) => i.number).sort();
    rooms = new Map(listed.map((i) => [i.number, i.rooms.slack]));
    timeline = await store.transaction(async (tx) => {
      const all: TimelineEvent[] = [];
      for (const n of incidents) all.push(...(await tx.timeline(n)));
      return all;
    });
    const sorted = [...startedIn].sort((a, b) => a - b);
    console.log(
      `crash test: ${kills} kills, ${startedIn.length} starts, ${encoresTyped} encores, start-up median ${Math.round(sorted[sorted.length >> 1]!)} ms` +
        (armed || points.length > 0
          ? `; unused: ${[armed, ...points]
              .filter(Boolean)
              .map((p) => KILL_POINTS.indexOf(p!) + 1)
              .join(', ')}`
          : ''),
    );
  }, 420_000);

  afterAll(async () => {
    server?.kill();
    await slack.stop();
    await db?.close();
    await database?.drop();
    rmSync(temp, { recursive: true, force: true });
  });

  it('delivers every notification of every committed change at least once; none is left pending', () => {
    expect(kills).toBe(KILL_POINTS.length);
    expect(rows.filter((r) => r.status !== 'sent').map((r) => `${r.id}: ${r.lastError}`)).toEqual([]);
    expect(incidents.length).toBeGreaterThanOrEqual(2);
    expect(timeline.filter((e) => e.type === 'incident.resolved')).toHaveLength(incidents.length);
    // Each change's rows carry the seq of its last event: the last change of each has its own.
    const changes = new Set(rows.map((r) => r.id.split(':').slice(0, 2).join(':')));
    for (const n of incidents) {
      const last = Math.max(...timeline.filter((e) => e.incidentNumber === n).map((e) => e.seq));
      expect(changes).toContain(`${n}:${last}`);
    }
    const posted = slack.messages.map((m) => m.text);
    const missing = rows.flatMap(({ id, effect }) =>
      effect.kind === 'notify' && !posted.some((t) => t.includes(escapeText(effect.notification.text)))
        ? [`${id} → ${effect.notification.personName}: ${effect.notification.text}`]
        : [],
    );
    expect(missing).toEqual([]);
  });

  // Needs the status and handoff message ids kept in the database (branch slack-refs):
  // with them in memory, every restart posts a new status and forgets the requests.
  it('posts one status message per incident, pins it once, and edits it to the end; answered requests lose their buttons', () => {
    for (const n of incidents) {
      const channel = rooms.get(n);
      expect(channel, `INC-${n} has a channel`).toBeDefined();
      const statuses = slack.messages.filter((m) => m.channel === channel && m.text.startsWith(`INC-${n} ·`));
      expect(
        statuses.map((m) => m.ts),
        `status messages in INC-${n}'s channel`,
      ).toHaveLength(1);
      expect(statuses[0]!.text).toMatch(/resolved/i);
      expect(slack.pins.filter((p) => p.channel === channel)).toEqual([{ channel, ts: statuses[0]!.ts }]);
    }
    const withButtons = slack.messages.filter((m) => JSON.stringify(m.blocks ?? '').includes('"actions"'));
    expect(withButtons.map((m) => m.text)).toEqual([]);
  });
});

/** `/incident <text>` from #general, signed; a process killed while answering is no error here. */
async function postSlash(
  origin: string,
  slack: FakeSlack,
  c: { user: string; text: string; trigger: string; answerId: string },
): Promise<void> {
  const body = new URLSearchParams({
    team_id: slack.bot.teamId,
    channel_id: 'C0GENERAL',
    user_id: c.user,
    command: '/incident',
    text: c.text,
    response_url: slack.responseUrl(c.answerId),
    trigger_id: c.trigger,
  }).toString();
  await postSigned(origin, body).catch(() => undefined);
}
