/**
 * CPU seconds per thread of this process, from Linux's /proc/self/task (undefined elsewhere): to
 * say which thread a run's CPU went to (the calling thread, worker threads, the runtime's helper
 * threads for garbage collection and compilation).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) by thread id, or undefined where /proc/self/task is missing. */
export function threadCpuSeconds(): Map<number, number> | undefined {
  if (!existsSync('/proc/self/task')) return undefined;
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread exited while we listed them
    }
    // Fields after "(comm) ": state is field 3 of stat(5); utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
  }
  return out;
}

/** CPU seconds of one run by kind of thread. */
export interface ThreadCpuSplit {
  /** The thread that called (the process's main thread). */
  readonly calling: number;
  /** Threads started during the run (worker threads; from TypeScript sources also tsx's loader thread). */
  readonly started: number;
  /** Threads that were there before: the runtime's helpers (garbage collection, compilation). */
  readonly helpers: number;
}

/** The CPU between two {@link threadCpuSeconds} readings, split by kind of thread. */
export function splitThreadCpu(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): ThreadCpuSplit {
  let calling = 0;
  let started = 0;
  let helpers = 0;
  for (const [tid, seconds] of after) {
    const was = before.get(tid);
    if (tid === process.pid) calling += seconds - (was ?? 0);
    else if (was === undefined) started += seconds;
    else helpers += seconds - was;
  }
  return { calling, started, helpers };
}
