// The niceness of each thread of a running process, read from /proc (Linux): for the tests
// that check which threads yield to Slack's ack thread.

import { readdirSync, readFileSync } from 'node:fs';

/** Niceness by thread id: field 19 of /proc/<pid>/task/<tid>/stat (the command name, field 2, may hold spaces). */
export function nicenessByThread(pid: number): Map<string, number> {
  const found = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    found.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return found;
}
