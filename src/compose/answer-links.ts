// The signed Accept / Decline links of handoff e-mails (issue 14), made before the core (the
// e-mail platform signs them) and bound to the web server's address once it listens. Only
// when the pages are on: an e-mail must never carry a link that nothing serves.

import type { AnswerLinks } from '../app/answer-links.ts';
import type { Clock, Logger } from '../app/ports.ts';
import type { Config } from '../config.ts';
import { answerLinkSecret } from '../web/answer-link-secret.ts';
import { createAnswerLinks } from '../web/answer-link-signing.ts';
import { createAnswerPages, type AnswerPages } from '../web/answer-pages.ts';
import type { Core } from './core.ts';

export interface LateAnswerLinks {
  links: AnswerLinks;
  /** The server's own address, used when PUBLIC_URL is unset. */
  bind(origin: string): void;
}

export async function prepareAnswerLinks(config: Config, clock: Clock): Promise<LateAnswerLinks | undefined> {
  if (!config.web.enabled) return undefined;
  const { secret } = await answerLinkSecret({ linkSecret: config.web.linkSecret, dataDir: config.dataDir });
  // Until the server listens (an e-mail left pending from before a restart): the address it will have.
  const host =
    config.web.host && !['0.0.0.0', '::'].includes(config.web.host) ? config.web.host : 'localhost';
  let origin = config.web.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.web.port}`;
  const links = createAnswerLinks({
    secret,
    baseUrl: () => origin,
    clock,
    ttlMs: config.mail.answerLinkTtlMs,
  });
  return {
    links,
    bind(serverOrigin) {
      origin = config.web.publicUrl ?? serverOrigin;
    },
  };
}

/** The /answer/<token> pages over the running core; none without links. */
export function answerPagesFor(
  core: Pick<Core, 'app' | 'directory'>,
  late: LateAnswerLinks | undefined,
  logger: Logger,
): AnswerPages | undefined {
  return late
    ? createAnswerPages({ links: late.links, app: core.app, directory: core.directory, logger })
    : undefined;
}
