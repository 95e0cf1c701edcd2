// The backup document as zod sees it on the way in (design §5.4: files are validated where
// they enter). Times are ISO strings in the file and Dates in memory; both are accepted.

import { z } from 'zod';
import { findControlCharacter, normaliseLineBreaks } from '../domain/control-characters.ts';
import { NOTIFY_BY } from '../domain/directory.ts';
import { isTimeZone } from '../domain/time-zone.ts';
import { EVENT_TYPES, type TimelineEvent } from '../domain/timeline-types.ts';
import type { Path, Problem } from './backup-problems.ts';
import { payloadSchemas } from './event-schemas.ts';

export const BACKUP_FORMAT = 'handoff-backup';
export const BACKUP_VERSION = 1;

// PostgreSQL's timestamps and 4-byte integers bound what can be restored: a value outside
// them would fail halfway through the write instead of here, naming the entry.
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const date = z
  .union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))])
  .refine((d) => d.getTime() >= EARLIEST && d.getTime() <= LATEST, {
    error: 'must be a time between the years 1900 and 9999',
  });
const id = z.string().min(1);
const int = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);
const optional = <S extends z.ZodType>(schema: S) => schema.optional();
const timeZoneName = z.string().refine(isTimeZone, { error: 'must be an IANA time zone like Europe/London' });

const organisation = z.object({
  id,
  name: z.string(),
  kind: z.enum(['provider', 'vendor', 'client']),
  timezone: optional(timeZoneName),
});
const person = z.object({
  id,
  name: z.string(),
  organisationId: id,
  email: optional(z.string()),
  notify: optional(z.enum(NOTIFY_BY)),
  handles: z.object({ slack: optional(z.string()), discord: optional(z.string()) }),
});
const site = z.object({
  id,
  name: z.string(),
  clientId: id,
  itContactId: id,
  vendorContactIds: z.array(id),
  sla: z.object({
    monthlyFeeCents: int,
    uptimeTarget: z.number(),
    creditTiers: z.array(z.object({ belowPercent: z.number(), creditPercent: z.number() })),
  }),
  runbook: optional(z.string()),
  fallback: optional(z.string()),
});

const incident = z.object({
  number: int.positive(),
  siteId: id,
  title: z.string(),
  severity: z.enum(['sev1', 'sev2', 'sev3']),
  status: z.enum(['open', 'mitigated', 'resolved']),
  coordinatorId: id,
  reporterId: id,
  openedAt: date,
  resolvedAt: optional(date),
  rooms: z.record(z.string(), z.string()),
  participants: z.array(
    z.object({
      personId: id,
      role: z.enum(['client', 'it', 'vendor', 'coordinator', 'observer']),
      joinedAt: date,
    }),
  ),
  steps: z.array(
    z.object({
      number: int,
      title: z.string(),
      ownerId: id,
      ownerSince: date,
      status: z.enum(['open', 'doing', 'blocked', 'done']),
      createdAt: date,
    }),
  ),
  handoffs: z.array(
    z.object({
      number: int,
      stepNumber: int,
      fromId: id,
      toId: id,
      proposedById: id,
      note: z.string(),
      status: z.enum(['pending', 'accepted', 'declined', 'expired']),
      reason: optional(z.string()),
      proposedAt: date,
      answeredAt: optional(date),
    }),
  ),
  version: int.nonnegative(),
});

const event = z
  .object({
    incidentNumber: int.positive(),
    seq: int.positive(),
    at: date,
    actorId: z.string().nullable(),
    type: z.enum(EVENT_TYPES),
    payload: z.record(z.string(), z.unknown()),
  })
  .superRefine((e, ctx) => {
    const result = payloadSchemas[e.type].safeParse(e.payload);
    for (const issue of result.error?.issues ?? []) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['payload', ...issue.path] });
    }
  })
  // The payload has just been checked against its type's schema, which is what the cast asserts.
  .transform((e) => e as TimelineEvent);

const deadline = z.object({
  key: id,
  kind: z.enum(['handoff.remind', 'handoff.escalate', 'update.remind', 'backup']),
  at: date,
  incidentNumber: optional(int),
  handoffNumber: optional(int),
  status: z.enum(['pending', 'fired', 'cancelled']),
  settledAt: optional(date),
});

export const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT, { error: `not a Handoff backup (format must be "${BACKUP_FORMAT}")` }),
  version: z.literal(BACKUP_VERSION, {
    error: `this Handoff reads backup version ${BACKUP_VERSION} only`,
  }),
  exportedAt: date,
  directory: z.object({
    organisations: z.array(organisation),
    people: z.array(person),
    sites: z.array(site),
  }),
  incidents: z.array(incident),
  timeline: z.array(event),
  deadlines: z.array(deadline),
  processedKeys: z.array(z.object({ key: z.string(), processedAt: date })),
});

/**
 * Every text in the document holding a control character, with where it is: the same rule
 * as typed commands (src/commands), so an import can't bring in what a person can't type.
 * PostgreSQL would refuse a NUL mid-import anyway; this says which entry to fix instead.
 * Keys are text too (payloads and rooms are stored as JSON). Runs on the raw value, shape
 * or no shape, so these are listed alongside the shape's problems.
 */
export function controlCharacterIssues(doc: unknown): Problem[] {
  const found: Problem[] = [];
  const check = (value: string, path: Path, what: string) => {
    const hit = findControlCharacter(normaliseLineBreaks(value));
    if (hit)
      found.push({
        path,
        message:
          `${what}contains a control character (${hit.codePoint} at character ${hit.index + 1}); ` +
          'only newlines and tabs can be imported. Remove it from the file and import again',
      });
  };
  // One path, extended and restored in place: the document has thousands of texts.
  const path: Path = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (SUSPECT.test(value)) check(value, [...path], '');
    } else if (path.length > MAX_DEPTH)
      found.push({ path: [...path], message: 'is nested too deeply to be a Handoff backup' });
    else if (Array.isArray(value))
      value.forEach((item, i) => {
        path.push(i);
        visit(item);
        path.pop();
      });
    else if (value && typeof value === 'object' && !(value instanceof Date))
      for (const [key, item] of Object.entries(value)) {
        if (SUSPECT.test(key)) check(key, [...path], `a key (${JSON.stringify(key)}) `);
        path.push(key);
        visit(item);
        path.pop();
      }
  };
  visit(doc);
  return found;
}

// A quick test that lets almost every text skip the full check (line breaks included, as
// normalising them is part of it).
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\p{Cs}/u;

// A backup is a few levels deep; a file nested thousands deep is an attack on the reader.
const MAX_DEPTH = 32;
