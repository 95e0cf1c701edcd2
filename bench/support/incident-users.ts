// The people a scale-out bench plays: each user works an incident of its own on its own
// site, Dana (its coordinator) and Sam handing step 1 back and forth with `/incident status`
// between, every command waited for until its answer is at the fake Slack. A wrong answer
// ends that user (counted): the figures are commands that did what they should.

import type { SlackSession } from './slack-session.ts';

export const DANA = 'U01DANA';
export const SAM = 'U02SAM';

export interface Completed {
  /** performance.now() when the answer arrived. */
  at: number;
  ackMs: number;
  answerMs: number;
  text: string;
}

export interface UserLog {
  completed: Completed[];
  /** What a command that went wrong got: its ack status, or its answer (undefined: none in time). */
  failures: string[];
}

/**
 * Opens an incident on `site` with one step, Dana's; resolves with its number. Opened side
 * by side, two opens may want the same number: the loser is asked to try again, and does.
 */
export async function openIncident(session: SlackSession, site: string): Promise<number> {
  let opened = await session.command(DANA, `open ${site} Site down`);
  for (let tries = 1; tries < 10 && opened.text?.includes('please try again'); tries++)
    opened = await session.command(DANA, `open ${site} Site down`);
  const number = Number(/^Opened INC-(\d+)/.exec(opened.text ?? '')?.[1]);
  if (!number) throw new Error(`opening ${site} answered ${opened.status}: ${opened.text}`);
  const step = await session.command(DANA, `INC-${number} step add Check the web server`);
  if (!step.text?.startsWith('Added step 1')) throw new Error(`INC-${number} step add: ${step.text}`);
  return number;
}

/**
 * Runs the cycle on incident `n` until `running()` says stop: status, Dana offers step 1 to
 * Sam, Sam accepts, Sam's status, Sam offers it back, Dana accepts.
 */
export async function workIncident(
  session: SlackSession,
  n: number,
  running: () => boolean,
  log: UserLog,
): Promise<void> {
  const ref = `INC-${n}`;
  /** One command; its answer must match `expected`. Returns the match, or undefined (logged). */
  const step = async (user: string, text: string, expected: RegExp) => {
    const answered = await session.command(user, text);
    const match = answered.text === undefined ? null : expected.exec(answered.text);
    if (answered.status !== 200 || !match) {
      log.failures.push(`${text} → ${answered.status}: ${answered.text ?? '(no answer)'}`);
      return undefined;
    }
    const { ackMs, answerMs } = answered;
    log.completed.push({ at: performance.now(), ackMs, answerMs, text: answered.text! });
    return match;
  };
  const status = new RegExp(`^${ref} · `);
  for (let round = 1; running(); round++) {
    if (!(await step(DANA, `${ref} status`, status))) return;
    const toSam = await step(
      DANA,
      `${ref} handoff 1 @Sam Disk full on web-${n}; cleared /tmp (round ${round})`,
      /^Offered step 1 to Sam \(H(\d+)\)/,
    );
    if (!toSam || !(await step(SAM, `${ref} accept ${toSam[1]}`, /^You accepted H/))) return;
    if (!(await step(SAM, `${ref} status`, status))) return;
    const toDana = await step(
      SAM,
      `${ref} handoff 1 @Dana PHP-FPM restarted on web-${n} (round ${round})`,
      /^Offered step 1 to Dana \(H(\d+)\)/,
    );
    if (!toDana || !(await step(DANA, `${ref} accept ${toDana[1]}`, /^You accepted H/))) return;
  }
}
