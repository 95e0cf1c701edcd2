// Composition for the console mode (issue 7, "Done when"): the core plus the owners'
// pages on PORT, live from the chat. A busy port costs the pages, never the chat.

import { lateClientLinks } from '../app/late-client-links.ts';
import type { Config } from '../config.ts';
import { answerPagesFor, prepareAnswerLinks } from './answer-links.ts';
import { startCore, type Core, type CoreOptions } from './core.ts';
import { LiveUpdates } from '../web/live-updates.ts';
import { ownerLinkNote, startOwnersWeb } from '../web/owners-web.ts';

export async function startCoreWithWeb(
  config: Config,
  options: CoreOptions,
  print: (line: string) => void,
): Promise<Core> {
  const live = new LiveUpdates();
  const clientLinks = lateClientLinks();
  const answerLinks = await prepareAnswerLinks(config, options.clock);
  const core = await startCore(config, {
    ...options,
    notifiers: { ...options.notifiers, web: live },
    clientLinks,
    ...(answerLinks ? { answerLinks: answerLinks.links } : {}),
  });
  try {
    const web = await startOwnersWeb({
      port: config.web.port,
      ...(config.web.host ? { host: config.web.host } : {}),
      ownerToken: config.web.ownerToken,
      linkSecret: config.web.linkSecret,
      publicUrl: config.web.publicUrl,
      dataDir: config.dataDir,
      core: { store: core.store, clock: options.clock, directory: core.directory, channels: core.channels },
      live,
      logger: options.logger,
      answers: answerPagesFor(core, answerLinks, options.logger),
    });
    answerLinks?.bind(web.server.origin);
    print(`Owners' pages: ${web.ownerUrl}${ownerLinkNote(web)}`);
    clientLinks.bind((clientId) => web.clientUrl(clientId));
    return {
      ...core,
      async stop() {
        clientLinks.unbind();
        await web.close();
        await core.stop();
      },
    };
  } catch (error) {
    live.close();
    print(`The owners' pages are off: ${error instanceof Error ? error.message : String(error)}`);
    return core;
  }
}
