// Resident memory and CPU time of a process and its children, from /proc (Linux): what the
// machine pays. Also how busy the whole machine was, to say what bounds a throughput.

import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on every Linux we run. */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may contain spaces), from field 3. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // the process ended while we looked
  }
}

function children(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // Field 4 is the parent pid.
    if (Number(statFields(Number(entry))?.[1]) === pid) found.push(Number(entry));
  }
  return found;
}

/** `pid` and all its descendants. */
function tree(pid: number): number[] {
  const all: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.pop()!;
    all.push(next);
    queue.push(...children(next));
  }
  return all;
}

function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Resident memory of `pid` and all its descendants, in MB. */
export function treeRssMb(pid: number): number {
  return tree(pid).reduce((kb, p) => kb + rssKb(p), 0) / 1024;
}

/**
 * CPU time `pid` has used so far (user + system, all its threads, and its children that
 * have ended), in seconds; 0 once it is gone.
 */
export function cpuSeconds(pid: number): number {
  const f = statFields(pid);
  if (!f) return 0;
  // utime, stime, cutime, cstime: fields 14–17, i.e. 11–14 counted from field 3.
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND;
}

/** CPU time of `pid` and all its live descendants, in seconds. */
export function treeCpuSeconds(pid: number): number {
  return tree(pid).reduce((s, p) => s + cpuSeconds(p), 0);
}

/**
 * Times the threads of `pid` were taken off a core while they still had work (involuntary
 * context switches, all threads); 0 once it is gone. Each costs the thread its warm caches.
 */
export function preemptions(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).reduce((sum, task) => {
      const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
      return sum + Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    }, 0);
  } catch {
    return 0;
  }
}

/** Pids of the running processes whose command name (comm) is `name`, e.g. redis-server. */
export function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Seconds all cores together have spent busy since boot (/proc/stat: user, nice, system,
 * irq, softirq), and stolen: wanted but given to another guest by the hypervisor.
 */
export function machineCpuSeconds(): { busy: number; stolen: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  // Guest time is already counted in user.
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0);
  return { busy: busy / TICKS_PER_SECOND, stolen: (steal ?? 0) / TICKS_PER_SECOND };
}
