// Writes a Directory back as the directory file (story 4: the directory is exportable and
// restorable). The output is what parseDirectory reads, laid out as a person would write
// it: fees with two decimals, credit tiers and vendor contacts on one line each.

import { Document, Scalar, isMap, isScalar, isSeq } from 'yaml';
import type { Directory, Person, Site } from '../domain/directory.ts';

const HEADER = [
  ' Handoff directory: organisations, people and the sites they look after.',
  ' Ids are lowercase slugs; people and sites refer to each other by id.',
].join('\n');

/** The directory in the file format that parseDirectory reads back unchanged. */
export function directoryToYaml(directory: Directory): string {
  const doc = new Document({
    organisations: directory.organisations.map(({ id, name, kind, timezone }) =>
      timezone ? { id, name, kind, timezone } : { id, name, kind },
    ),
    people: directory.people.map(personEntry),
    sites: directory.sites.map(siteEntry),
  });
  doc.commentBefore = HEADER;
  separateSections(doc);
  useFlowStyle(doc);
  return doc.toString({ lineWidth: 100 });
}

function personEntry(person: Person): Record<string, unknown> {
  return withoutUndefined({
    id: person.id,
    name: person.name,
    organisation: person.organisationId,
    email: person.email,
    slack: person.handles.slack,
    discord: person.handles.discord,
    notify: person.notify,
  });
}

function siteEntry(site: Site): Record<string, unknown> {
  const fee = new Scalar(site.sla.monthlyFeeCents / 100);
  fee.minFractionDigits = 2;
  return withoutUndefined({
    id: site.id,
    name: site.name,
    client: site.clientId,
    it_contact: site.itContactId,
    vendor_contacts: site.vendorContactIds,
    sla: {
      monthly_fee: fee,
      uptime_target: site.sla.uptimeTarget,
      credit_tiers: site.sla.creditTiers.map((tier) => ({
        below: tier.belowPercent,
        credit: tier.creditPercent,
      })),
    },
    runbook: site.runbook,
    fallback: site.fallback,
  });
}

// A blank line before `people:` and `sites:`, as in a hand-written file.
function separateSections(doc: Document): void {
  if (!isMap(doc.contents)) return;
  for (const pair of doc.contents.items.slice(1)) {
    if (isScalar(pair.key)) pair.key.spaceBefore = true;
  }
}

// `[sam]` and `{ below: 99.9, credit: 10 }` read better inline than as nested blocks.
function useFlowStyle(doc: Document): void {
  const sites = doc.get('sites');
  if (!isSeq(sites)) return;
  for (const site of sites.items) {
    if (!isMap(site)) continue;
    const contacts = site.get('vendor_contacts');
    if (isSeq(contacts)) contacts.flow = true;
    const tiers = site.getIn(['sla', 'credit_tiers']);
    if (!isSeq(tiers)) continue;
    for (const tier of tiers.items) if (isMap(tier)) tier.flow = true;
  }
}

// An absent optional field is left out of the file rather than written as `email: null`.
function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
