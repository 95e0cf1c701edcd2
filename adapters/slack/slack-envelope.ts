// Parse step for the HTTP edge (design §5.3), run after verification and before Bolt sees
// anything: the raw bytes become a checked Slack body, or a one-line reason. Bolt 5.1 reads
// fields like `event.channel`, `view.callback_id` and `user.id` without checking them, so a
// signed `null` in the wrong place used to throw inside Bolt (issue 12). Every key Bolt or
// our listeners read is type-checked here; keys nobody reads pass through untouched.
// Never throws: malformed input is `malformed` (answered 400, Slack does not retry a 4xx),
// well-formed input we do not handle is `unsupported` (acknowledged, nothing happens).

import { parse as parseQuery } from 'node:querystring';
import { z } from 'zod';
import {
  parseBlockAction,
  parseEventCallback,
  parseSlashCommand,
  parseViewSubmission,
  type SlackInput,
} from './slack-payloads.ts';

export const FORM_TYPE = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

export type SlackEnvelope =
  | { kind: 'ssl_check' }
  | { kind: 'url_verification'; challenge: string }
  /** For Bolt: the media type it must see (it compares Content-Type with ===), and what we read. */
  | { kind: 'delivery'; mediaType: string; input: Exclude<SlackInput, { kind: 'unsupported' }> }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'malformed'; reason: string };

const str = z.string().optional();
const nullableStr = z.string().nullish();
const record = z.record(z.string(), z.unknown());
// `team` and `enterprise` are null on org-wide installs; Bolt checks for that.
const team = z.looseObject({ id: str, enterprise_id: nullableStr }).nullish();
const enterprise = z.looseObject({ id: str }).nullish();
const common = {
  token: str,
  team_id: str,
  enterprise_id: nullableStr,
  api_app_id: str,
  is_enterprise_install: z.union([z.boolean(), z.string()]).optional(),
  function_data: z.looseObject({ execution_id: str, inputs: record.optional() }).optional(),
  bot_access_token: str,
};
const user = z.looseObject({ id: z.string(), team_id: str });
// Bolt decides what a body is by which keys it has (event, then command, name, actions), so
// a key that would make Bolt read it as another kind than ours must be absent.
const absent = z.never({ error: 'must not be present here' }).optional();
const httpUrl = z.url({ protocol: /^https?$/ });

const CommandEnvelope = z.looseObject({
  ...common,
  event: absent,
  command: z.string(),
  text: str,
  user_id: z.string(),
  channel_id: z.string(),
  trigger_id: z.string(),
  response_url: httpUrl,
});

const ActionEnvelope = z.looseObject({
  ...common,
  type: z.literal('block_actions'),
  event: absent,
  command: absent,
  name: absent,
  user,
  team,
  enterprise,
  trigger_id: z.string(),
  response_url: httpUrl.optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), block_id: str, value: str, type: str })).min(1),
  channel: z.looseObject({ id: z.string() }).optional(),
  message: z.looseObject({ ts: z.string(), text: str }).optional(),
  container: record.optional(),
  view: record.optional(),
});

const ViewEnvelope = z.looseObject({
  ...common,
  type: z.literal('view_submission'),
  event: absent,
  command: absent,
  name: absent,
  actions: absent,
  user,
  team,
  enterprise,
  view: z.looseObject({
    id: z.string(),
    callback_id: z.string(),
    app_installed_team_id: str,
    private_metadata: str,
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), record)) }),
  }),
});

const EventEnvelope = z.looseObject({
  ...common,
  type: z.literal('event_callback'),
  event_id: z.string(),
  authorizations: z
    .array(
      z.looseObject({
        team_id: nullableStr,
        enterprise_id: nullableStr,
        user_id: str,
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .optional(),
  event: z.looseObject({
    type: z.string(),
    subtype: str,
    user: z.union([z.string(), z.looseObject({ id: str })]).optional(),
    channel: z.union([z.string(), z.looseObject({ id: str })]).optional(),
    channel_id: str,
    item: z.looseObject({ channel: str }).optional(),
    subteam: record.optional(),
    text: str,
    ts: str,
    thread_ts: str,
    bot_id: str,
    function_execution_id: str,
    assistant_thread: record.optional(),
    message: record.optional(),
    previous_message: record.optional(),
  }),
});

const malformed = (reason: string): SlackEnvelope => ({ kind: 'malformed', reason });

/** The first problem zod found, as "where: what", short enough for one log line. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`.slice(0, 160);
}

function checked(schema: z.ZodType, body: unknown, read: (body: unknown) => SlackInput, mediaType: string) {
  const parsed = schema.safeParse(body);
  if (!parsed.success) return malformed(firstIssue(parsed.error));
  const input = read(body);
  if (input.kind === 'unsupported') return { kind: 'unsupported', reason: input.reason } as const;
  return { kind: 'delivery', mediaType, input } as const;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(text: string, what: string): { ok: true; value: Record<string, unknown> } | SlackEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed(`${what} is not JSON`);
  }
  return isPlainObject(value) ? { ok: true, value } : malformed(`${what} must be a JSON object`);
}

function fromForm(text: string): SlackEnvelope {
  const fields = parseQuery(text);
  const repeated = Object.entries(fields).find(([, value]) => Array.isArray(value));
  if (repeated) return malformed(`form field "${repeated[0].slice(0, 40)}" is repeated`);
  if (fields.ssl_check === '1') return { kind: 'ssl_check' };
  if (fields.payload !== undefined) {
    const json = parseJson(String(fields.payload), 'payload');
    if (!('ok' in json)) return json;
    return fromInteraction(json.value);
  }
  if (fields.command !== undefined) return checked(CommandEnvelope, fields, parseSlashCommand, FORM_TYPE);
  return malformed('a form body with neither a command nor a payload');
}

function fromInteraction(body: Record<string, unknown>): SlackEnvelope {
  if (typeof body.type !== 'string') return malformed('payload.type must be a string');
  if (body.type === 'block_actions') return checked(ActionEnvelope, body, parseBlockAction, FORM_TYPE);
  if (body.type === 'view_submission') return checked(ViewEnvelope, body, parseViewSubmission, FORM_TYPE);
  return { kind: 'unsupported', reason: `interaction ${body.type.slice(0, 40)}` };
}

function fromJson(text: string, botUserId: string | undefined): SlackEnvelope {
  const json = parseJson(text, 'the body');
  if (!('ok' in json)) return json;
  const body = json.value;
  if (typeof body.type !== 'string') return malformed('type must be a string');
  if (body.type === 'url_verification') {
    return typeof body.challenge === 'string'
      ? { kind: 'url_verification', challenge: body.challenge }
      : malformed('challenge must be a string');
  }
  if (body.type === 'event_callback') {
    return checked(EventEnvelope, body, (b) => parseEventCallback(b, botUserId), JSON_TYPE);
  }
  return { kind: 'unsupported', reason: `callback ${body.type.slice(0, 40)}` };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The media type of a Content-Type header, lower-cased, without parameters like charset. */
export function mediaTypeOf(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  return header.split(';')[0]!.trim().toLowerCase();
}

/** Reads a verified Slack request body; `botUserId` flags the bot's own messages. */
export function parseSlackEnvelope(
  raw: Buffer,
  contentType: string | string[] | undefined,
  botUserId: string | undefined,
): SlackEnvelope {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType !== FORM_TYPE && mediaType !== JSON_TYPE) {
    return malformed(`content type must be ${FORM_TYPE} or ${JSON_TYPE}`);
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return malformed('the body is not UTF-8');
  }
  return mediaType === FORM_TYPE ? fromForm(text) : fromJson(text, botUserId);
}

/** Slack's unsigned SSL check (a form with ssl_check=1), which Bolt too answers without a signature. */
export function isSslCheck(raw: Buffer, contentType: string | string[] | undefined): boolean {
  return (
    mediaTypeOf(contentType) === FORM_TYPE &&
    raw.length < 4096 &&
    parseQuery(raw.toString()).ssl_check === '1'
  );
}
