// The directory file's shape, as people write it (snake_case YAML), validated with zod.
// Every object is strict: a typo such as `orgnisation:` must be an error, not a field
// that is silently ignored while the real one is missing. Cross-references between
// entries (does this organisation exist?) are checked in directory-checks.ts.

import { z } from 'zod';
import { closestMatch } from '../commands/closest.ts';
import { findControlCharacter, visibleControlCharacters } from '../domain/control-characters.ts';
import { NOTIFY_BY } from '../domain/directory.ts';
import { isTimeZone } from '../domain/time-zone.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const DISCORD_USER_ID = /^\d{1,20}$/;

const slug = z.string().regex(SLUG, {
  error: (iss) =>
    `must be a lowercase id of letters, digits and dashes, like "wanderlust-web" (found ${describeValue(iss.input)})`,
});

// Names, runbooks and fallbacks are shown to everyone in chat and terminals: the same rule as
// typed commands (src/commands), so an escape sequence can't ride in through the file.
const text = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .superRefine((value, ctx) => {
    const hit = findControlCharacter(value);
    if (!hit) return;
    ctx.addIssue({
      code: 'custom',
      message:
        `must not contain control characters (found ${hit.codePoint} at character ${hit.index + 1}); ` +
        'only newlines and tabs are allowed',
    });
  });

const slackId = z.string().regex(SLACK_USER_ID, {
  error: 'must be a Slack member id like "U01ABCDEF" (in Slack: profile, ⋮, Copy member ID)',
});

// Discord ids are 64-bit numbers: unquoted, YAML reads them as numbers and rounds them.
const discordId = z
  .string({
    error: (iss) =>
      typeof iss.input === 'number'
        ? 'write Discord ids in quotes, like "810000000000000001"; unquoted, YAML reads them as numbers and rounds them'
        : undefined,
  })
  .regex(DISCORD_USER_ID, { error: 'must be a Discord user id: digits only, like "810000000000000001"' });

const percent = z
  .number()
  .gt(0, { error: 'must be a percentage above 0' })
  .lte(100, { error: 'must be a percentage of at most 100' });

const creditPercent = z
  .number()
  .gte(0, { error: 'must be a percentage from 0 to 100' })
  .lte(100, { error: 'must be a percentage from 0 to 100' });

const money = z
  .number()
  .nonnegative({ error: 'must not be negative' })
  .refine((amount) => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6, {
    error: 'must be an amount with at most two decimals, like 450.00',
  });

export const ORG_KINDS = ['provider', 'vendor', 'client'] as const;

const timeZoneName = z.string().refine(isTimeZone, {
  error: (iss) =>
    `must be an IANA time zone name like Europe/London or America/New_York (found ${describeValue(iss.input)})`,
});

export const OrganisationEntry = z.strictObject({
  id: slug,
  name: text,
  kind: z.enum(ORG_KINDS, {
    error: (iss) => `must be one of ${ORG_KINDS.join(', ')} (found ${describeValue(iss.input)})`,
  }),
  timezone: timeZoneName.optional(),
});

export const PersonEntry = z.strictObject({
  id: slug,
  name: text,
  organisation: slug,
  email: z.email({ error: 'must be an email address like dana@example.com' }).optional(),
  slack: slackId.optional(),
  discord: discordId.optional(),
  notify: z
    .enum(NOTIFY_BY, {
      error: (iss) =>
        `must be one of ${NOTIFY_BY.join(', ')}: chat (the default), email (e-mail only) or both (found ${describeValue(iss.input)})`,
    })
    .optional(),
});

const CreditTierEntry = z.strictObject({ below: percent, credit: creditPercent });

export const SlaEntry = z
  .strictObject({
    monthly_fee: money,
    uptime_target: percent,
    credit_tiers: z.array(CreditTierEntry).default([]),
  })
  .superRefine((sla, ctx) => checkCreditTiers(sla.credit_tiers, ctx));

export const SiteEntry = z.strictObject({
  id: slug,
  name: text,
  client: slug,
  it_contact: slug,
  vendor_contacts: z.array(slug).default([]),
  sla: SlaEntry,
  runbook: text.optional(),
  fallback: text.optional(),
});

// Entries are validated one by one (see directory-file.ts), so the top level only
// says which sections exist and that each is a list.
export const DirectoryRoot = z.strictObject({
  organisations: z.array(z.unknown()).optional(),
  people: z.array(z.unknown()).optional(),
  sites: z.array(z.unknown()).optional(),
});

export type OrganisationEntry = z.output<typeof OrganisationEntry>;
export type PersonEntry = z.output<typeof PersonEntry>;
export type SiteEntry = z.output<typeof SiteEntry>;
export type CreditTierEntry = z.output<typeof CreditTierEntry>;

// Two tiers for the same threshold, or less credit for worse uptime, are almost
// certainly typos; catching them here keeps the credit owed (story 6) trustworthy.
function checkCreditTiers(tiers: CreditTierEntry[], ctx: z.RefinementCtx): void {
  const seen = new Map<number, number>();
  tiers.forEach((tier, index) => {
    const earlier = seen.get(tier.below);
    if (earlier !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['credit_tiers', index, 'below'],
        message: `${tier.below} is already the threshold of credit_tiers[${earlier}]`,
      });
    }
    seen.set(tier.below, index);
  });
  const sorted = tiers.map((tier, index) => ({ tier, index })).sort((a, b) => b.tier.below - a.tier.below);
  for (let i = 1; i < sorted.length; i++) {
    const milder = sorted[i - 1];
    const worse = sorted[i];
    if (!milder || !worse || worse.tier.credit >= milder.tier.credit) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['credit_tiers', worse.index, 'credit'],
      message:
        `${worse.tier.credit}% below ${worse.tier.below}% uptime is less than the ${milder.tier.credit}% ` +
        `credited below ${milder.tier.below}%; worse uptime must not earn a smaller credit`,
    });
  }
}

/**
 * Messages for the issues our schemas leave to zod's defaults ("Invalid input: expected
 * string, received undefined"), written for whoever edits the file. Passed per parse.
 */
export const friendlyErrors: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_type') {
    if (iss.input === undefined) return 'is required';
    return `must be ${EXPECTED_WORDS[iss.expected] ?? iss.expected} (found ${describeValue(iss.input)})`;
  }
  if (iss.code === 'unrecognized_keys') {
    const allowed = iss.inst instanceof z.ZodObject ? Object.keys(iss.inst.shape as object) : [];
    return unknownFieldsMessage(iss.keys, allowed);
  }
  return undefined;
};

const EXPECTED_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  array: 'a list',
  object: 'a mapping of fields',
};

function unknownFieldsMessage(keys: string[], allowed: string[]): string {
  const named = keys.map((key) => {
    const guess = closestMatch(key, allowed);
    return guess ? `"${key}" (did you mean "${guess}"?)` : `"${key}"`;
  });
  const noun = keys.length === 1 ? 'unknown field' : 'unknown fields';
  return `${noun} ${named.join(', ')}. Allowed fields: ${allowed.join(', ')}`;
}

/** How a value the file holds is shown in a message. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${visibleControlCharacters(value)}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}
