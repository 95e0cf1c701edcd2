// One process per embedded data folder (issue 12). PGlite is a single-process database:
// a second process on the same folder neither sees the first one's writes nor may safely
// write itself. `handoff.lock` in HANDOFF_DATA_DIR names the process that holds the
// folder; it is created atomically and removed on a graceful stop. A lock left behind by
// a process that is gone (SIGKILL, power cut, container replaced) is taken over with a
// warning. PostgreSQL (DATABASE_URL) needs none of this: it takes many processes.

import { randomUUID } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname, uptime } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConflictError } from '../domain/errors.ts';

export const LOCK_FILE_NAME = 'handoff.lock';

/** How often the holder touches its lock, so other hosts can tell it is alive. */
export const HEARTBEAT_MS = 30_000;
/**
 * A lock from another host (a shared volume, a replaced container) whose holder has not
 * touched it for this long is stale. The pid cannot be checked across hosts; four missed
 * heartbeats can only mean the holder is gone or wedged beyond use.
 */
export const OTHER_HOST_STALE_MS = 2 * 60_000;
/** A lock still being written (empty or partial) is left alone for this long. */
const BEING_WRITTEN_MS = 5_000;

const holderSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.iso.datetime(),
  command: z.string(),
});
export type LockHolder = z.infer<typeof holderSchema>;

/** The folder is held by another live process; `message` is the one line to print. */
export class DataDirInUseError extends ConflictError {
  constructor(
    message: string,
    /** "handoff pid 4242 (started 08:01, `handoff console`)", for messages of other commands. */
    readonly holderText: string,
    readonly dataDir: string,
  ) {
    super(message);
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock file; safe to call twice. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** What the holder runs, shown to whoever is refused: "handoff console". */
  command: string;
  /** Told when a stale lock is taken over. */
  warn: (message: string) => void;
  now?: () => Date;
}

/** Lock files this process holds: a second open in the same process is refused too. */
const heldHere = new Set<string>();

export async function acquireDataDirLock(dataDir: string, options: LockOptions): Promise<DataDirLock> {
  const now = options.now ?? (() => new Date());
  const file = path.join(path.resolve(dataDir), LOCK_FILE_NAME);
  await mkdir(path.dirname(file), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: now().toISOString(),
    command: options.command.slice(0, 80),
  };
  // Bounded: each round either creates the lock, refuses, or removes one stale lock.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(file, me)) return holdLock(file);
    const seen = await readLock(file);
    if (seen === 'absent') continue;
    const staleBecause = whyStale(seen, file, now());
    if (!staleBecause) throw inUse(dataDir, seen.holder, now());
    if (await removeIfUnchanged(file, seen.text)) {
      options.warn(`Took over ${shown(file)}: ${staleBecause}.`);
    }
  }
  throw new DataDirInUseError(
    `${shown(dataDir)} is being locked and unlocked by other processes; try again in a moment.`,
    'other Handoff processes',
    dataDir,
  );
}

/** Creates the lock with our details, atomically: false when one already exists. */
async function tryCreate(file: string, me: LockHolder): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(me)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

function holdLock(file: string): DataDirLock {
  heldHere.add(file);
  // Another host's process can only tell we are alive by the file's modification time.
  const heartbeat = setInterval(() => {
    const t = new Date();
    utimes(file, t, t).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  // Whatever way this process ends (an uncaught error, process.exit), it no longer holds
  // the folder. Only SIGKILL and the like skip this; the next start takes over then.
  const onExit = () => {
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', onExit);
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      process.off('exit', onExit);
      heldHere.delete(file);
      await unlink(file).catch(() => {});
    },
  };
}

interface SeenLock {
  text: string;
  holder: LockHolder | undefined;
  modifiedMs: number;
}

async function readLock(file: string): Promise<SeenLock | 'absent'> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    const parsed = holderSchema.safeParse(safeJson(text));
    return { text, holder: parsed.success ? parsed.data : undefined, modifiedMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why the lock no longer stands for a live process, or undefined when it does. */
function whyStale(seen: SeenLock, file: string, now: Date): string | undefined {
  const { holder } = seen;
  const age = now.getTime() - seen.modifiedMs;
  if (!holder) {
    return age > BEING_WRITTEN_MS
      ? 'it was unreadable, left by a process that stopped while writing it'
      : undefined;
  }
  const who = `left by ${describeHolder(holder, now)}`;
  if (holder.hostname !== hostname()) {
    return age > OTHER_HOST_STALE_MS
      ? `it was ${who} on ${holder.hostname}, which has not refreshed it for ${minutes(age)}`
      : undefined;
  }
  // A holder that started before this machine booted cannot be running: its pid may
  // belong to an unrelated process by now.
  const bootedMs = now.getTime() - uptime() * 1000;
  if (Date.parse(holder.startedAt) < bootedMs) return `it was ${who}, before the machine restarted`;
  if (holder.pid === process.pid) {
    // Our own pid: either this very process holds it, or a previous run that had the
    // same pid (a restarted container) left it.
    return heldHere.has(file) ? undefined : `it was ${who}, which is no longer running`;
  }
  return isAlive(holder.pid) ? undefined : `it was ${who}, which is no longer running`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the lock only if it is still the stale one we judged. It is moved aside first
 * (rename is atomic) and checked: if another process took it over meanwhile, the fresh
 * lock is put back (link refuses to overwrite) and we go round again.
 */
async function removeIfUnchanged(file: string, staleText: string): Promise<boolean> {
  const aside = `${file}.${process.pid}-${randomUUID()}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    if ((await readFile(aside, 'utf8')) === staleText) return true;
    await link(aside, file).catch(() => {});
    return false;
  } finally {
    await unlink(aside).catch(() => {});
  }
}

function inUse(dataDir: string, holder: LockHolder | undefined, now: Date): DataDirInUseError {
  const by = holder
    ? `${describeHolder(holder, now)}${holder.hostname === hostname() ? '' : ` on ${holder.hostname}`}`
    : 'another Handoff process (it is starting)';
  return new DataDirInUseError(
    `${shown(dataDir)} is in use by ${by}. Stop it first, or use another HANDOFF_DATA_DIR.`,
    by,
    dataDir,
  );
}

/** "handoff pid 4242 (started 08:01, `handoff console`)"; the date too when not today. */
export function describeHolder(holder: LockHolder, now: Date): string {
  const started = new Date(holder.startedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(started.getHours())}:${pad(started.getMinutes())}`;
  const sameDay = started.toDateString() === now.toDateString();
  const day = `${started.getFullYear()}-${pad(started.getMonth() + 1)}-${pad(started.getDate())}`;
  return `handoff pid ${holder.pid} (started ${sameDay ? time : `${day} ${time}`}, \`${holder.command}\`)`;
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/** "./data" when inside the current folder, the absolute path otherwise. */
export function shown(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  if (!relative) return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : `./${relative}`;
}
