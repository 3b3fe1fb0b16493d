// How many sandboxes run at once. Scenarios mostly wait (ARP retries, ping timeouts, curl
// refusals), so a run starts more sandboxes than cores, bounded by memory, and holds a new one
// back while the CPU's run queue is saturated.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Sandboxes per core for wait-bound work (netns and container backends). */
export const JOBS_PER_CORE = 4;
/** What one sandbox may need in memory at most, for the bound (its processes, tmpfs use). */
export const BYTES_PER_SANDBOX = 128 * 1024 * 1024;

/** The default --jobs for `cores` cores and `available` bytes of memory, with why. */
export function jobsFor(cores: number, available: number): { jobs: number; why: string } {
  const byCores = cores * JOBS_PER_CORE;
  const byMemory = Math.max(1, Math.floor(available / BYTES_PER_SANDBOX));
  return byMemory < byCores
    ? { jobs: byMemory, why: `${byMemory} sandboxes fit in ${(available / 2 ** 30).toFixed(1)} GiB of available memory` }
    : { jobs: byCores, why: `${JOBS_PER_CORE} per core on ${cores} cores` };
}

function availableMemory(): number {
  const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.MAX_SAFE_INTEGER;
}

/** This machine's default --jobs. */
export function defaultJobs(): { jobs: number; why: string } {
  return jobsFor(availableParallelism(), availableMemory());
}

/** Tasks runnable right now (the 4th field of /proc/loadavg, "running/total"). */
function runnable(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]?.split('/')[0] ?? 0);
}

/**
 * Waits (up to `maxWaitMs`) while more than two tasks per core are runnable, so that a burst of
 * sandboxes starting does not starve the ones whose timing a check depends on.
 */
export async function roomOnCpu(signal?: AbortSignal, maxWaitMs = 2000): Promise<void> {
  const limit = availableParallelism() * 2;
  const end = performance.now() + maxWaitMs;
  while (runnable() > limit && performance.now() < end && !signal?.aborted) await sleep(25);
}
