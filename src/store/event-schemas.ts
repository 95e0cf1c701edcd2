// zod schemas for the JSON the database hands back: timeline payloads by event type,
// incident rooms and SLA credit tiers. Loose objects: a payload written by a newer version
// with extra fields still loads; a missing or mistyped field does not.

import { z } from 'zod';
import type { EventType } from '../domain/timeline-types.ts';

const severity = z.enum(['sev1', 'sev2', 'sev3']);
const role = z.enum(['client', 'it', 'vendor', 'coordinator', 'observer']);
const int = z.number().int();
const text = z.string();
const handoffRef = { handoff: int, step: int };
const answerChannel = z.literal('email').optional();

export const payloadSchemas = {
  'incident.opened': z.looseObject({
    number: int,
    siteId: text,
    title: text,
    severity,
    coordinatorId: text,
    reporterId: text,
  }),
  'incident.report_joined': z.looseObject({ text }),
  'participant.joined': z.looseObject({ personId: text, role }),
  'room.linked': z.looseObject({ platform: text, roomId: text }),
  'step.added': z.looseObject({ step: int, title: text, ownerId: text }),
  'step.done': z.looseObject({ step: int }),
  'handoff.proposed': z.looseObject({
    ...handoffRef,
    fromId: text,
    toId: text,
    proposedById: text.optional(),
    note: text,
  }),
  // `via` is absent on chat answers (and on every answer recorded before e-mail links).
  'handoff.accepted': z.looseObject({ ...handoffRef, fromId: text, toId: text, via: answerChannel }),
  'handoff.declined': z.looseObject({ ...handoffRef, reason: text, via: answerChannel }),
  'handoff.expired': z.looseObject({ ...handoffRef, reason: text }),
  'handoff.reminded': z.looseObject({ ...handoffRef, toId: text }),
  'handoff.escalated': z.looseObject({ ...handoffRef, coordinatorId: text }),
  'blame.flagged': z.looseObject({ steps: z.array(int), phrase: text, text }),
  'update.posted': z.looseObject({ text }),
  'update.reminded': z.looseObject({ coordinatorId: text }),
  // The open steps and unanswered handoffs are optional: older timelines lack them.
  'incident.resolved': z.looseObject({
    summary: text,
    openSteps: z.array(int).optional(),
    unansweredHandoffs: z.array(int).optional(),
  }),
  'incident.reopened': z.looseObject({ reason: text }),
  'incident.severity_changed': z.looseObject({ from: severity, to: severity }),
  'delivery.failed': z.looseObject({ platform: text, personId: text.optional(), reason: text }),
} satisfies Record<EventType, z.ZodType>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(payloadSchemas, type);
}

export const roomsSchema = z.record(z.string(), z.string());

export const creditTiersSchema = z.array(
  z.looseObject({ belowPercent: z.number(), creditPercent: z.number() }).transform((tier) => ({
    belowPercent: tier.belowPercent,
    creditPercent: tier.creditPercent,
  })),
);
