// Issue 13: Handoff under Slack load against a bare Bolt app on the same generator, in the
// same run. Each app is its own process pinned to core 1; the open-loop generator and the
// fake Slack run here, on core 0. Figures: ack latency (slash command, button click) at
// 200 req/s, request → answer at the fake Slack's response_url, the highest rate whose
// ack p99 stays under 50 ms, and resident memory idle and after N incidents; for memory on
// PGlite also the bare Bolt app serving PGlite as Handoff does, the floor under it, and
// Handoff on PGlite without its ack thread, which is most of what it adds to that floor.

import { FakeSlack } from '../test/fakes/slack/fake-slack.ts';
import { createTestPostgresDatabase, postgresAvailable } from '../test/support/servers.ts';
import { percentile, type Report } from './report.ts';
import { openLoop, type LoadResult } from './support/open-loop.ts';
import { treeRssMb } from './support/process-tree.ts';
import { acceptClick, slashCommand, type SignedRequest } from './support/slack-requests.ts';
import { pinSelf, startTarget, type TargetKind } from './support/slack-targets.ts';

const DANA = 'U01DANA';
const MARIA = 'U04MARIA';
const SAM = 'U02SAM';
const PRIYA = 'U01PRIYA';
const INGRID = 'U05INGRID';
/** Sites opened and resolved side by side to make the incidents: the client opens, IT resolves. */
const LANES = [
  { site: 'wanderlust-blog', client: MARIA, it: DANA },
  { site: 'wanderlust-tours', client: MARIA, it: PRIYA },
  { site: 'fjord-booking', client: INGRID, it: DANA },
];

export interface LoadScale {
  rate: number;
  seconds: number;
  sweep: number[];
  sweepSeconds: number;
  incidents: number;
}

export const FULL: LoadScale = {
  rate: 200,
  seconds: 5,
  // From below the load rate: an app whose p99 is over 50 ms at 200 req/s has its highest
  // rate found rather than reported as 0.
  sweep: [50, 100, 200, 300, 400, 600, 800, 1200, 1600, 2400, 3200, 4800],
  sweepSeconds: 3,
  incidents: 1000,
};

export interface TargetFigures {
  name: string;
  slash: LoadResult;
  button: LoadResult;
  /** Request → the bot's answer at response_url, ms ascending (empty for bare Bolt). */
  answers: number[];
  /** Answers that were errors (a reply saying something failed), for the smoke test. */
  answerTexts: string[];
  bestRate: number;
  idleMb: number;
  loadedMb: number;
}

/** Answers posted to response_url: when each arrived, and its text, by id. */
function watchAnswers(fake: FakeSlack) {
  const arrived = new Map<string, { at: number; text: string }>();
  const push = fake.responses.push.bind(fake.responses);
  fake.responses.push = (...items) => {
    for (const r of items) arrived.set(r.id, { at: performance.now(), text: String(r.body.text ?? '') });
    return push(...items);
  };
  return arrived;
}

let sequence = 0;
const nextId = (label: string) => `${label}-${++sequence}`;

async function measureTarget(
  kind: TargetKind,
  fake: FakeSlack,
  answers: Map<string, { at: number; text: string }>,
  scale: LoadScale,
): Promise<TargetFigures> {
  const target = await startTarget(kind, fake);
  const handoff = kind.kind !== 'bare-bolt' && kind.kind !== 'bare-bolt-pglite';
  const firstMessage = fake.messages.length; // the fake is shared: only this target's messages
  try {
    /**
     * One request, waiting for its ack and (Handoff) its answer: at its response_url or in
     * the room; only at its response_url for `response`; else a room message starting `inRoom`.
     */
    const once = async (label: string, make: (id: string) => SignedRequest, inRoom?: string | 'response') => {
      const id = nextId('setup');
      const posted = fake.messages.length;
      await openLoop({ url: target.url, rate: 1, seconds: 1, request: () => make(id) });
      if (!handoff) return '';
      // A reply in the room is a message that is not a notification (those start with a
      // mention), or one only the person sees (an ephemeral: a button's answer).
      const answered = () =>
        inRoom === 'response'
          ? answers.get(id)?.text
          : inRoom === undefined
            ? (answers.get(id)?.text ??
              fake.messages.slice(posted).find((m) => m.user !== undefined || !m.text.startsWith('<@'))?.text)
            : fake.messages.slice(posted).find((m) => m.text.startsWith(inRoom))?.text;
      const until = performance.now() + 30_000;
      while (answered() === undefined && performance.now() < until)
        await new Promise((r) => setTimeout(r, 2));
      const text = answered();
      if (text === undefined)
        throw new Error(
          `${target.name} did not answer "${label}" within 30 s:\n${target.output().slice(-3000)}`,
        );
      return text;
    };
    await once('open', (id) => slashCommand(fake, MARIA, 'open wanderlust-web Site down', id));
    await once('step add', (id) => slashCommand(fake, DANA, 'INC-1 step add Check the web server', id));
    await once('handoff', (id) =>
      slashCommand(fake, DANA, 'INC-1 handoff 1 @Sam Disk full on web-2; cleared /tmp', id),
    );
    // The request as posted to Sam, once the outbox has delivered it (the bare app never
    // posts one: any message will do).
    const requestPosted = () =>
      fake.messages
        .slice(firstMessage)
        .find((m) => (m.blocks as Array<{ type: string }> | undefined)?.some((b) => b.type === 'actions'));
    const waitUntil = performance.now() + (handoff ? 10_000 : 0);
    while (!requestPosted() && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 5));
    const posted = requestPosted() ?? { channel: 'C0GENERAL', ts: '1.000001' };
    const request = { channel: posted.channel, ts: posted.ts };
    await once('accept click', (id) => acceptClick(fake, SAM, { incident: 1, handoff: 1 }, id, request));

    const scheduled = new Map<string, number>();
    /** `refused`: where the ids of requests that were not acknowledged go (a busy answer). */
    const load = (
      rate: number,
      seconds: number,
      make: (id: string) => SignedRequest,
      refused?: Set<string>,
    ) => {
      const ids: string[] = [];
      return openLoop({
        url: target.url,
        rate,
        seconds,
        request: (i) => {
          const id = (ids[i] = nextId(`load${i}`));
          scheduled.set(id, performance.now());
          return make(id);
        },
        onError: (i) => refused?.add(ids[i]!),
      });
    };
    const status = (id: string) => slashCommand(fake, DANA, 'INC-1 status', id);
    const click = (id: string) => acceptClick(fake, SAM, { incident: 1, handoff: 1 }, id, request);

    await load(Math.min(100, scale.rate), 2, status); // warm-up: JIT, connections
    await new Promise((r) => setTimeout(r, 1_000));
    const idleMb = treeRssMb(target.pid);

    scheduled.clear();
    const slash = await load(scale.rate, scale.seconds, status);
    await new Promise((r) => setTimeout(r, handoff ? 2_000 : 100)); // the last answers
    const answered: number[] = [];
    const answerTexts: string[] = [];
    for (const [id, at] of scheduled) {
      const answer = answers.get(id);
      if (!answer) continue;
      answered.push(answer.at - at);
      answerTexts.push(answer.text);
    }
    answered.sort((a, b) => a - b);
    const button = await load(scale.rate, scale.seconds, click);

    let bestRate = 0;
    const swept: string[] = [];
    const refused = new Set<string>(); // never run, so never answered
    const sweepStatus = (id: string) => {
      swept.push(id);
      return status(id);
    };
    // Each rate starts from an idle server: a backlog left by the step before (the clicks'
    // answers, a saturated rate's) would be charged to the next rate's acks.
    // Idle: a second in which the app neither called the Slack API nor answered (60 s at most).
    const drain = async () => {
      const until = performance.now() + 60_000;
      for (;;) {
        const before = fake.calls.length + fake.responses.length;
        await new Promise((r) => setTimeout(r, 1_000));
        if (fake.calls.length + fake.responses.length === before || performance.now() > until) return;
      }
    };
    for (const rate of scale.sweep) {
      await drain();
      const result = await load(rate, scale.sweepSeconds, sweepStatus, refused);
      const ok = result.errors === 0 && percentile(result.latencies, 99) < 50;
      console.log(
        `   ${target.name} at ${rate} req/s: ack p99 ${percentile(result.latencies, 99).toFixed(1)} ms, ${result.errors} errors${ok ? '' : ' (stop)'}`,
      );
      if (!ok) break;
      bestRate = rate;
    }

    // The sweep's last answers: a saturated Handoff works through its backlog for a while,
    // and an incident opened meanwhile would wait behind it past its transaction's limit.
    const drained = performance.now() + (handoff ? 120_000 : 0);
    while (swept.some((id) => !answers.has(id) && !refused.has(id)) && performance.now() < drained)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1_000));
    // Three sites worked side by side (each has at most one open incident at a time).
    let worked = 0;
    await Promise.all(
      LANES.map(async (lane, l) => {
        for (let i = l; i < scale.incidents; i += LANES.length) {
          const open = `open ${lane.site} Down (${i})`;
          const opened = await once(open, (id) => slashCommand(fake, lane.client, open, id), 'response');
          const ref = handoff ? /INC-\d+/.exec(opened)?.[0] : 'INC-2';
          if (!ref) throw new Error(`${target.name} did not open an incident: ${opened}`);
          const resolve = `${ref} resolve Restarted PHP-FPM (${i})`;
          await once(resolve, (id) => slashCommand(fake, lane.it, resolve, id), `${ref} is resolved.`);
          if (++worked % 100 === 0) console.log(`   ${target.name}: ${worked} incidents`);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 2_000));
    const loadedMb = treeRssMb(target.pid);
    return { name: target.name, slash, button, answers: answered, answerTexts, bestRate, idleMb, loadedMb };
  } finally {
    await target.stop();
  }
}

export interface AllFigures {
  bare: TargetFigures;
  /** Bare Bolt serving PGlite as Handoff does (no sweep): the floor under its memory on PGlite. */
  pgliteFloor: TargetFigures;
  /** Handoff on PostgreSQL (if running) and on PGlite. */
  apps: TargetFigures[];
  /** Handoff on PGlite with SLACK_ACK_THREAD=off (no sweep, no incidents): what the thread costs. */
  pgliteWithoutAckThread: TargetFigures;
}

/** Every target measured at `scale`: bare Bolt, the PGlite floor, then Handoff. */
export async function measureAll(scale: LoadScale, options: { pin: boolean }): Promise<AllFigures> {
  if (options.pin) pinSelf(0);
  const fake = new FakeSlack();
  await fake.start();
  const answers = watchAnswers(fake);
  try {
    const bare = await measureTarget({ kind: 'bare-bolt' }, fake, answers, scale);
    // Its memory is the figure: the sweep would only lengthen the run.
    const pgliteFloor = await measureTarget({ kind: 'bare-bolt-pglite' }, fake, answers, {
      ...scale,
      sweep: [],
    });
    const apps: TargetFigures[] = [];
    if (await postgresAvailable()) {
      const db = await createTestPostgresDatabase();
      try {
        apps.push(await measureTarget({ kind: 'postgres', url: db.url }, fake, answers, scale));
      } finally {
        await db.drop();
      }
    }
    apps.push(await measureTarget({ kind: 'pglite' }, fake, answers, scale));
    // Its acks and idle memory are the figures: the sweep and the incidents would only
    // lengthen the run.
    const pgliteWithoutAckThread = await measureTarget(
      { kind: 'pglite', env: { SLACK_ACK_THREAD: 'off' } },
      fake,
      answers,
      { ...scale, sweep: [], incidents: 0 },
    );
    return { bare, pgliteFloor, apps, pgliteWithoutAckThread };
  } finally {
    await fake.stop();
  }
}

/**
 * Ack latency of the slash command and of the button click against bare Bolt's: the p99
 * (the target), after the p50 unless `p50` is false.
 */
function reportAcks(
  report: Report,
  app: TargetFigures,
  bare: TargetFigures,
  where: string,
  { p50 = true } = {},
): void {
  const base = (value: number) => ({ name: 'bare Bolt', value });
  for (const [what, r, b] of [
    ['slash command', app.slash, bare.slash],
    ['button click', app.button, bare.button],
  ] as const) {
    if (p50) {
      report.ratio({
        name: `ack p50 at ${FULL.rate} req/s, ${what}, ${where}`,
        value: percentile(r.latencies, 50),
        unit: 'ms',
        baseline: base(percentile(b.latencies, 50)),
      });
    }
    report.ratio(
      {
        name: `ack p99 at ${FULL.rate} req/s, ${what}, ${where}`,
        value: percentile(r.latencies, 99),
        unit: 'ms',
        baseline: base(percentile(b.latencies, 99)),
      },
      { max: 1.5 },
    );
  }
}

export async function run(report: Report): Promise<void> {
  const { bare, pgliteFloor, apps, pgliteWithoutAckThread } = await measureAll(FULL, { pin: true });
  for (const app of apps) {
    const where = app.name.replace('Handoff on ', '');
    reportAcks(report, app, bare, where);
    // An ack p99 counts only what was acknowledged: what the ack thread refused as busy (the
    // main thread too far behind) or what failed is a figure of its own.
    const sent = FULL.rate * FULL.seconds;
    report.absolute(
      {
        name: `requests refused as busy or failed at ${FULL.rate} req/s (${sent} commands, ${sent} clicks), ${where}`,
        value: app.slash.errors + app.button.errors,
        unit: '',
        baseline: { name: 'bare Bolt', value: bare.slash.errors + bare.button.errors },
      },
      { max: 0 },
    );
    report.absolute(
      { name: `request → answer p50, ${where}`, value: percentile(app.answers, 50), unit: 'ms' },
      { max: 50 },
    );
    report.absolute(
      { name: `request → answer p99, ${where}`, value: percentile(app.answers, 99), unit: 'ms' },
      { max: 50 },
    );
    report.ratio({
      name: `highest rate with ack p99 < 50 ms, ${where}`,
      value: app.bestRate,
      unit: 'req/s',
      baseline: { name: 'bare Bolt', value: bare.bestRate },
    });
    // On PGlite against the floor: bare Bolt serving PGlite as Handoff does.
    const memoryBase =
      where === 'PGlite' ? { name: 'bare Bolt + PGlite', of: pgliteFloor } : { name: 'bare Bolt', of: bare };
    report.absolute(
      {
        name: `resident memory idle, ${where}`,
        value: app.idleMb,
        unit: 'MB',
        baseline: { name: memoryBase.name, value: memoryBase.of.idleMb },
      },
      { max: 150 },
    );
    report.absolute(
      {
        name: `resident memory after ${FULL.incidents} incidents, ${where}`,
        value: app.loadedMb,
        unit: 'MB',
        baseline: { name: memoryBase.name, value: memoryBase.of.loadedMb },
      },
      { max: 250 },
    );
  }
  // The ack thread's price on PGlite, which the default pays (README, Performance): the
  // same acks, answers and idle memory with the thread off (SLACK_ACK_THREAD=off).
  const without = pgliteWithoutAckThread;
  const withoutName = 'PGlite without the ack thread (SLACK_ACK_THREAD=off)';
  reportAcks(report, without, bare, withoutName, { p50: false });
  report.absolute(
    {
      name: `requests refused or failed at ${FULL.rate} req/s, ${withoutName}`,
      value: without.slash.errors + without.button.errors,
      unit: '',
    },
    { max: 0 },
  );
  report.absolute(
    { name: `request → answer p99, ${withoutName}`, value: percentile(without.answers, 99), unit: 'ms' },
    { max: 50 },
  );
  report.absolute(
    {
      name: `resident memory idle, ${withoutName}`,
      value: without.idleMb,
      unit: 'MB',
      baseline: { name: 'bare Bolt + PGlite', value: pgliteFloor.idleMb },
    },
    { max: 150 },
  );
  for (const [when, value, baseline] of [
    ['idle', pgliteFloor.idleMb, bare.idleMb],
    [`after ${FULL.incidents} incidents`, pgliteFloor.loadedMb, bare.loadedMb],
  ] as const)
    report.ratio({
      name: `resident memory ${when}, bare Bolt + PGlite (the floor under Handoff on PGlite)`,
      value,
      unit: 'MB',
      baseline: { name: 'bare Bolt', value: baseline },
    });
}
