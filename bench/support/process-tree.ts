// Resident memory of a process and its children, from /proc (Linux): what the machine pays.

import { readdirSync, readFileSync } from 'node:fs';

function children(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name (field 2) may contain spaces, so split after ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
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
  let kb = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.pop()!;
    kb += rssKb(next);
    queue.push(...children(next));
  }
  return kb / 1024;
}
