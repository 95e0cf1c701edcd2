// Runs a console script through the real CLI code path (runConsole + startCore) on a
// given database and returns the transcript and the stored timeline.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runConsole } from '../../adapters/console/run-console.ts';
import { loadConfig, type DatabaseConfig } from '../../src/config.ts';
import type { TimelineEvent } from '../../src/domain/timeline-types.ts';
import { startCore } from '../../src/main.ts';
import { silentLogger } from '../support/app-harness.ts';

export async function runStory(
  file: string,
  database: DatabaseConfig | 'pglite-temp',
): Promise<{ transcript: string; timeline: TimelineEvent[] }> {
  const script = await readFile(path.join(import.meta.dirname, 'stories', file), 'utf8');
  return runScript(script, database);
}

/** Runs script text given inline (e.g. with control characters no story file should hold). */
export async function runScript(
  script: string,
  database: DatabaseConfig | 'pglite-temp',
): Promise<{ transcript: string; timeline: TimelineEvent[] }> {
  const temp = await mkdtemp(path.join(tmpdir(), 'handoff-e2e-'));
  const config = loadConfig({ HANDOFF_DATA_DIR: temp });
  if (database !== 'pglite-temp') config.database = database;
  const lines: string[] = [];
  let timeline: TimelineEvent[] = [];
  try {
    await runConsole({
      start: async (notifier, clock, manualTime) => {
        const core = await startCore(config, {
          notifiers: { console: notifier },
          clock,
          logger: silentLogger,
          manualTime,
        });
        return {
          ...core,
          // Read the timeline before the store closes, straight from the database.
          stop: async () => {
            timeline = await core.store.transaction((tx) => tx.timeline(1));
            await core.stop();
          },
        };
      },
      input: Readable.from([script]),
      interactive: false,
      write: (text) => lines.push(text),
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { transcript: lines.join('\n'), timeline };
}
