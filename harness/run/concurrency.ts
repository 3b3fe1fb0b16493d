// How many sandboxes a run starts at once on this machine (backends/sandbox-budget.ts says how
// many fit), and holding a new one back while the CPU's run queue is saturated.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { jobsFor } from '../backends/sandbox-budget.js';
import { runnableTasks } from '../exec/spare-time.js';

/** Bytes of memory available to new processes now (MemAvailable). */
export function availableMemory(): number {
  const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.MAX_SAFE_INTEGER;
}

/** This machine's default --jobs. */
export function defaultJobs(): { jobs: number; why: string } {
  return jobsFor(availableParallelism(), availableMemory());
}

/**
 * Waits (up to `maxWaitMs`) while more than two tasks per core are runnable, so that a burst of
 * sandboxes starting does not starve the ones whose timing a check depends on.
 */
export async function roomOnCpu(signal?: AbortSignal, maxWaitMs = 2000): Promise<void> {
  const limit = availableParallelism() * 2;
  const end = performance.now() + maxWaitMs;
  while (runnableTasks() > limit && performance.now() < end && !signal?.aborted) await sleep(25);
}
