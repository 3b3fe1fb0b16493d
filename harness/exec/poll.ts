// Polling with a deadline instead of sleeping: the heart of "wait until", never "wait 2s".
import { setTimeout as sleep } from 'node:timers/promises';

/** Calls `attempt` until it returns done or `deadlineMs` passes; returns the last value. */
export async function pollUntil<T>(attempt: () => Promise<{ done: boolean; value: T }>, deadlineMs: number, intervalMs = 50): Promise<T> {
  const end = performance.now() + deadlineMs;
  for (;;) {
    const { done, value } = await attempt();
    if (done || performance.now() + intervalMs > end) return value;
    await sleep(intervalMs);
  }
}
