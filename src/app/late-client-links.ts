// The core starts before the web server (its pages read the core's store), but /incident link
// needs the server's address: the composition root hands the core this holder and binds it
// once the pages listen. Until then, and after they close, there is no link to give.

import type { ClientLinks } from './ports.ts';

export interface LateClientLinks extends ClientLinks {
  /** The pages are up: links come from `clientUrl` from now on. */
  bind(clientUrl: (clientId: string) => string): void;
  /** The pages are down again. */
  unbind(): void;
}

export function lateClientLinks(): LateClientLinks {
  let bound: ((clientId: string) => string) | undefined;
  return {
    clientUrl: (clientId) => bound?.(clientId),
    bind(clientUrl) {
      bound = clientUrl;
    },
    unbind() {
      bound = undefined;
    },
  };
}
