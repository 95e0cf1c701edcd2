// The last line of defence in server mode (issue 12): nothing a request does may end the
// process silently. Decided:
// - An unhandled rejection comes from a promise someone forgot (a request handler, a
//   library's background call). The work it belonged to is lost, but every change is
//   one database transaction and the outbox resends, so the rest is consistent: log one
//   line with the cause and keep serving Slack, Discord, the pages and the timers.
// - An uncaught exception was thrown from a callback we know nothing about; memory or a
//   library's internal state may be half-updated. Serving on could do the wrong thing
//   quietly, so we log one line, stop gracefully (work in hand is finished) and exit 1
//   for the supervisor (systemd, Docker, Kubernetes) to restart us.

import { errorLine } from '../app/error-line.ts';
import type { Logger } from '../app/ports.ts';

export interface ProcessGuard {
  /** Resolves when an uncaught exception means the process must stop. */
  fatal: Promise<void>;
  dispose(): void;
}

export function guardProcess(logger: Logger): ProcessGuard {
  let fail: () => void = () => {};
  const fatal = new Promise<void>((resolve) => (fail = resolve));
  const onRejection = (reason: unknown) => {
    logger.error({ error: errorLine(reason) }, 'unhandled rejection; still serving');
  };
  const onException = (error: unknown) => {
    logger.error({ error: errorLine(error) }, 'uncaught exception; stopping');
    fail();
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    fatal,
    dispose() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
