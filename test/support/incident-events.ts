// Events and lists for tests that drive the domain's fold (evolve) directly, with no store.

import type { NewEvent } from '../../src/domain/timeline-types.ts';
import { T0 } from './world.ts';

/** INC-1 on wanderlust-web, reported by Maria, coordinated by Dana, followed by Dana's `steps`. */
export function openedWithSteps(steps: number[]): NewEvent[] {
  const opened = {
    at: T0,
    actorId: 'maria',
    type: 'incident.opened',
    payload: {
      number: 1,
      siteId: 'wanderlust-web',
      title: 'Site down',
      severity: 'sev1',
      coordinatorId: 'dana',
      reporterId: 'maria',
    },
  } as NewEvent;
  return [
    opened,
    ...steps.map((step): NewEvent => ({
      at: T0,
      actorId: 'dana',
      type: 'step.added',
      payload: { step, title: `Check ${step}`, ownerId: 'dana' },
    })),
  ];
}

/**
 * Every item of `list` but those at `open` throws when read: what proves a pass visited
 * only those. Returns `list`.
 */
export function readableOnlyAt<T>(list: T[], open: number[]): T[] {
  list.forEach((_, i) => {
    if (open.includes(i)) return;
    Object.defineProperty(list, i, {
      get: () => {
        throw new Error(`item ${i} read`);
      },
    });
  });
  return list;
}
