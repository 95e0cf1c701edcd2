// A delivery that failed for good becomes one timeline event, so the coordinator learns
// who was not reached. The same person unreachable on the same platform for the same reason
// is recorded (and told) once per incident: every later message to them would fail alike.

import type { NewEvent, PayloadOf, TimelineEvent } from './timeline-types.ts';

export function decideDeliveryFailed(
  timeline: readonly TimelineEvent[],
  failure: PayloadOf<'delivery.failed'>,
  now: Date,
): NewEvent[] {
  const known = timeline.some(
    (e) =>
      e.type === 'delivery.failed' &&
      e.payload.platform === failure.platform &&
      e.payload.personId === failure.personId &&
      e.payload.reason === failure.reason,
  );
  if (known) return [];
  return [{ type: 'delivery.failed', at: now, actorId: null, payload: failure }];
}
