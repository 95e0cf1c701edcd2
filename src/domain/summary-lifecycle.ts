// The incident's life in order (issue 10): opened, re-rated, resolved, reopened, resolved
// again. One line per turn, so a reopening can never read as if it came before the
// resolution it undid; a resolution that left work behind says what, and whose.

import { formatDuration } from './duration.ts';
import { severityRaised, type Severity } from './incident-types.ts';
import type { Interval, LeftOpenStep, LeftUnanswered, LifecycleEntry } from './summary-types.ts';
import { listAnd } from './text.ts';

/** "a", "a and b", "a, b and c". */

/**
 * "Resolved with step 2 still open (Sam's), H4 to Jonas unanswered (closed on resolve)."
 * Undefined when nothing was left open. `name` turns a person id into their name.
 */
export function leftOpenSentence(
  steps: readonly LeftOpenStep[],
  handoffs: readonly LeftUnanswered[],
  name: (id: string) => string,
): string | undefined {
  const parts: string[] = [];
  const whose = (s: LeftOpenStep) => (s.ownerId ? `${name(s.ownerId)}'s` : undefined);
  if (steps.length === 1) {
    const owner = whose(steps[0]!);
    parts.push(`step ${steps[0]!.step} still open${owner ? ` (${owner})` : ''}`);
  } else if (steps.length > 1) {
    const each = steps.map((s) => `${s.step}${whose(s) ? ` (${whose(s)})` : ''}`);
    parts.push(`steps ${listAnd(each)} still open`);
  }
  if (handoffs.length > 0) {
    const each = handoffs.map((h) => `H${h.handoff}${h.toId ? ` to ${name(h.toId)}` : ''}`);
    parts.push(`${listAnd(each)} unanswered (closed on resolve)`);
  }
  return parts.length ? `Resolved with ${parts.join(', ')}.` : undefined;
}

function severityWords(from: Severity, to: Severity): string {
  return `severity ${severityRaised(from, to) ? 'raised' : 'lowered'} from ${from} to ${to}`;
}

/** The Markdown list under **Lifecycle**: one item per turn, in timeline order. */
export function lifecycleLines(
  entries: readonly LifecycleEntry[],
  name: (id: string) => string,
  stamp: (at: Date) => string,
): string[] {
  return entries.flatMap((e) => {
    const by = e.byId ? ` by ${name(e.byId)}` : '';
    const head = `- ${stamp(e.at)}: `;
    switch (e.kind) {
      case 'opened':
        return [`${head}opened${by} (${e.severity})`];
      case 'severity':
        return [`${head}${severityWords(e.from, e.to)}${by}`];
      case 'reopened':
        return [`${head}reopened${by}: "${e.text}"`];
      case 'resolved': {
        const left = leftOpenSentence(e.openSteps ?? [], e.unansweredHandoffs ?? [], name);
        return [`${head}resolved${by}: "${e.text}"`, ...(left ? [`  ${left}`] : [])];
      }
    }
  });
}

/** After a reopening, how long the site was actually down: the open intervals only. */
export function downtimeSentence(downtime: readonly Interval[], end: Date): string | undefined {
  if (downtime.length < 2) return undefined;
  const ms = downtime.reduce((sum, i) => sum + ((i.to ?? end).getTime() - i.from.getTime()), 0);
  const reopened = downtime.length - 1;
  const times = reopened === 1 ? 'once' : reopened === 2 ? 'twice' : `${reopened} times`;
  return `Down for ${formatDuration(ms)} in total, in ${downtime.length} periods: it was reopened ${times}.`;
}
