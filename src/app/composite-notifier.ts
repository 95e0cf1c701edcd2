// Several chat platforms at once: every notification goes to every adapter, and each
// delivers to the people it can reach (a Slack adapter to people with a Slack id…).
// One platform failing never stops the others; the failure is logged, not swallowed.

import type { Logger, Notification, Notifier } from './ports.ts';

export function composeNotifiers(notifiers: readonly Notifier[], logger: Logger): Notifier {
  const settle = async (what: string, calls: Array<Promise<void>>) => {
    const results = await Promise.allSettled(calls);
    for (const r of results) {
      if (r.status === 'rejected') logger.error({ err: r.reason, what }, 'a chat platform failed to deliver');
    }
  };
  return {
    notify: (notifications: Notification[]) =>
      settle(
        'notify',
        notifiers.map((n) => n.notify(notifications)),
      ),
    incidentChanged: (incidentNumber: number) =>
      settle(
        'incidentChanged',
        notifiers.flatMap((n) => (n.incidentChanged ? [n.incidentChanged(incidentNumber)] : [])),
      ),
  };
}
