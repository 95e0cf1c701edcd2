// What an e-mail needs to know about its incident, looked up from the incident and the
// directory once, so the renderer never reads the directory itself.

import type { Directory } from '../../src/domain/directory.ts';
import { siteNameOf } from '../../src/domain/directory-lookup.ts';
import type { Incident } from '../../src/domain/incident-types.ts';
import { timeZoneOf } from '../../src/domain/time-zone.ts';
import type { EmailIncidentInfo } from './email-message.ts';

export function emailIncidentInfo(incident: Incident, directory: Directory): EmailIncidentInfo {
  const site = directory.sites.find((s) => s.id === incident.siteId);
  const client = directory.organisations.find((o) => o.id === site?.clientId);
  return {
    number: incident.number,
    title: incident.title,
    // A site gone from the directory still names its outage by the site.
    clientName: client?.name ?? siteNameOf(directory, incident.siteId),
    siteName: siteNameOf(directory, incident.siteId),
    openedAt: incident.openedAt,
    timeZone: timeZoneOf(directory),
  };
}
