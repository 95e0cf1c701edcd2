// The directory's rows, written at every start (and by `directory import`, `import`): one
// multi-row `INSERT … ON CONFLICT ("id") DO UPDATE` per table, where it was one Prisma
// upsert per organisation, person and site. Those each passed through the query compiler,
// about 400 ms of a console start on the example directory (issue 13, start-up).
// Raw SQL as in raw-writes.ts: names are constants here, every value is a bound parameter.

import type { Directory } from '../domain/directory.ts';
import type { Prisma } from './generated/client.ts';
import { insertRows, replaceOnConflict, type Column } from './raw-writes.ts';
import { personData, siteData } from './rows.ts';
import type { Sql } from './sql.ts';

type OrganisationRow = Prisma.OrganisationUncheckedCreateInput;
type PersonRow = Prisma.PersonUncheckedCreateInput;
type SiteRow = Prisma.SiteUncheckedCreateInput;

const ORGANISATION_COLUMNS: Array<Column<OrganisationRow>> = [
  { name: 'id', cast: 'text' },
  { name: 'name', cast: 'text' },
  { name: 'kind', cast: 'text::"OrgKind"' },
  { name: 'timezone', cast: 'text' },
];

const PERSON_COLUMNS: Array<Column<PersonRow>> = [
  { name: 'id', cast: 'text' },
  { name: 'name', cast: 'text' },
  { name: 'organisationId', cast: 'text' },
  { name: 'email', cast: 'text' },
  { name: 'notify', cast: 'text::"NotifyBy"' },
  { name: 'slackId', cast: 'text' },
  { name: 'discordId', cast: 'text' },
];

const SITE_COLUMNS: Array<Column<SiteRow>> = [
  { name: 'id', cast: 'text' },
  { name: 'name', cast: 'text' },
  { name: 'clientId', cast: 'text' },
  { name: 'itContactId', cast: 'text' },
  { name: 'vendorContactIds', cast: 'text[]' },
  { name: 'monthlyFeeCents', cast: 'int' },
  { name: 'uptimeTarget', cast: 'double precision' },
  { name: 'creditTiers', cast: 'jsonb' },
  { name: 'runbook', cast: 'text' },
  { name: 'fallback', cast: 'text' },
];

/** Inserts the rows, or updates every column but the id of those that exist. */
function upsertOnId<Row extends { id: string }>(
  sql: Sql,
  table: string,
  columns: Column<Row>[],
  rows: Row[],
) {
  return insertRows(sql, table, columns, rows, { onConflict: replaceOnConflict(columns, 'id') });
}

/** Organisations first, then the people and sites that refer to them; each in the given order. */
export async function upsertDirectoryRows(sql: Sql, directory: Directory): Promise<void> {
  await upsertOnId(
    sql,
    'Organisation',
    ORGANISATION_COLUMNS,
    directory.organisations.map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      timezone: o.timezone ?? null,
    })),
  );
  await upsertOnId(sql, 'Person', PERSON_COLUMNS, directory.people.map(personData));
  await upsertOnId(sql, 'Site', SITE_COLUMNS, directory.sites.map(siteData));
}
