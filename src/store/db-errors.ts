// Recognises constraint violations from Prisma, whichever adapter raised them, and from pg
// itself (a transaction on the pool road: sql.ts). The adapters describe a unique violation
// differently: pglite-prisma-adapter names the fields (sometimes quoted: `"slackId"`),
// adapter-pg names the index (`Person_slackId_key`). Both keep PostgreSQL's message, which
// names the constraint; pg hands over PostgreSQL's SQLSTATE and constraint as they are.

import pg from 'pg';
import type { Prisma } from './generated/client.ts';

export interface ConstraintViolation {
  /** Constraint name when known, e.g. `Incident_openSiteKey_key` or `Person_organisationId_fkey`. */
  constraint: string | undefined;
  /** Column names when the adapter reports them. */
  fields: string[];
}

interface AdapterCause {
  originalMessage?: string;
  kind?: string;
  constraint?: { fields?: string[]; index?: string };
}

/** A model query's code, and the adapter's kind for the same violation by a raw query (P2010). */
const KINDS = { P2002: 'UniqueConstraintViolation', P2003: 'ForeignKeyConstraintViolation' } as const;

/** PostgreSQL's SQLSTATE for each. */
const SQLSTATES = { P2002: '23505', P2003: '23503' } as const;

function violation(error: unknown, code: keyof typeof KINDS): ConstraintViolation | null {
  if (error instanceof pg.DatabaseError) {
    if (error.code !== SQLSTATES[code]) return null;
    // "Key (\"openSiteKey\")=(…) already exists.": the columns, as the adapters report them.
    const columns = /^Key \(([^)]*)\)/.exec(error.detail ?? '')?.[1] ?? '';
    const fields = columns ? columns.split(', ').map((f) => f.replace(/^"|"$/g, '')) : [];
    return { constraint: error.constraint, fields };
  }
  if (!isPrismaKnownRequestError(error)) return null;
  const meta = error.meta as { driverAdapterError?: { cause?: AdapterCause }; target?: unknown } | undefined;
  const cause = meta?.driverAdapterError?.cause;
  const raw = error.code === 'P2010' && cause?.kind === KINDS[code];
  if (error.code !== code && !raw) return null;
  const fromMessage = /constraint "([^"]+)"/.exec(cause?.originalMessage ?? error.message)?.[1];
  const fields = [...(cause?.constraint?.fields ?? []), ...(Array.isArray(meta?.target) ? meta.target : [])];
  return {
    constraint: cause?.constraint?.index ?? fromMessage,
    fields: fields.map((field) => String(field).replace(/^"|"$/g, '')),
  };
}

/**
 * By the name Prisma gives the class rather than by `instanceof`, whose class would load
 * Prisma's client runtime into a bot that never runs a Prisma query (database.ts).
 */
function isPrismaKnownRequestError(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return (
    error instanceof Error &&
    error.name === 'PrismaClientKnownRequestError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

export function uniqueViolation(error: unknown): ConstraintViolation | null {
  return violation(error, 'P2002');
}

export function foreignKeyViolation(error: unknown): ConstraintViolation | null {
  return violation(error, 'P2003');
}

/** Whether the violation is of the unique key on `model.field` (as Prisma names it). */
export function isUniqueOn(found: ConstraintViolation | null, model: string, field: string): boolean {
  if (found === null) return false;
  return found.fields.includes(field) || found.constraint === `${model}_${field}_key`;
}

/** PostgreSQL's SQLSTATE of a failed statement, from pg or through Prisma's adapters; else undefined. */
export function sqlState(error: unknown): string | undefined {
  if (error instanceof pg.DatabaseError) return error.code;
  if (!isPrismaKnownRequestError(error)) return undefined;
  const meta = error.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined;
  return meta?.driverAdapterError?.cause?.originalCode;
}

/**
 * PostgreSQL aborted the transaction to break a deadlock (40P01) or a serialization conflict
 * (40001): nothing it wrote remains, and running it again on fresh state may well succeed.
 * Prisma reports these as P2034; through a driver adapter, the SQLSTATE may only be in the cause.
 */
export function isTransientConflict(error: unknown): boolean {
  const state = sqlState(error);
  if (state === '40P01' || state === '40001') return true;
  if (!isPrismaKnownRequestError(error)) return false;
  if (error.code === 'P2034') return true;
  const meta = error.meta as { driverAdapterError?: { cause?: { kind?: string } } };
  return (
    meta?.driverAdapterError?.cause?.kind === 'TransactionWriteConflict' ||
    /deadlock detected|could not serialize access/.test(error.message)
  );
}
