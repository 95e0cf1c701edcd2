// Where the CPU went while a bench ran: the app's processes, the PostgreSQL backends serving
// its database, Redis, the proxy, this process (load generator and fake Slack), and the
// whole machine, so a throughput that stops growing can be explained by what it ran out of.

import pg from 'pg';
import { testDatabaseUrl } from '../../test/support/servers.ts';
import { cpuSeconds, machineCpuSeconds, pidsNamed, treeCpuSeconds } from './process-tree.ts';

export interface CpuSources {
  /** The app's processes (each with its children). */
  app: number[];
  proxy: number;
  /** The database whose backends count as PostgreSQL's share. */
  database: string;
}

interface Sample {
  at: number;
  app: number;
  proxy: number;
  /** CPU seconds of each backend serving the database, by pid. */
  backends: Map<number, number>;
  redis: number;
  self: number;
  machine: { busy: number; stolen: number };
}

/** Cores used on average between two samples, by part. */
export interface CpuSplit {
  app: number;
  postgres: number;
  redis: number;
  proxy: number;
  generator: number;
  /** The whole machine: the parts above, the kernel, and anything else running (other jobs). */
  machine: number;
  /** Time the hypervisor gave to other guests while ours wanted it. */
  stolen: number;
}

async function backendPids(database: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

export async function sampleCpu(sources: CpuSources): Promise<Sample> {
  const pids = await backendPids(sources.database);
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    app: sources.app.reduce((s, pid) => s + treeCpuSeconds(pid), 0),
    proxy: treeCpuSeconds(sources.proxy),
    backends: new Map(pids.map((pid) => [pid, cpuSeconds(pid)])),
    redis: pidsNamed('redis-server').reduce((s, pid) => s + cpuSeconds(pid), 0),
    self: (usage.user + usage.system) / 1e6,
    machine: machineCpuSeconds(),
  };
}

export function cpuBetween(before: Sample, after: Sample): CpuSplit {
  const seconds = (after.at - before.at) / 1000;
  // A backend that connected during the window counts from zero.
  let postgres = 0;
  for (const [pid, used] of after.backends) postgres += used - (before.backends.get(pid) ?? 0);
  const cores = (x: number) => x / seconds;
  return {
    app: cores(after.app - before.app),
    postgres: cores(postgres),
    redis: cores(after.redis - before.redis),
    proxy: cores(after.proxy - before.proxy),
    generator: cores(after.self - before.self),
    machine: cores(after.machine.busy - before.machine.busy),
    stolen: cores(after.machine.stolen - before.machine.stolen),
  };
}
