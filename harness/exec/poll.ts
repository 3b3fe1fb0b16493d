// Polling with a deadline instead of sleeping: the heart of "wait until", never "wait 2s".
import { setTimeout as sleep } from 'node:timers/promises';

/** Each pause is this much longer than the one before, up to MAX_PAUSE_MS. */
const BACKOFF = 1.25;
const MAX_PAUSE_MS = 250;
/**
 * With `fair`, a pause is at least this many times as long as the attempt before it took, so a
 * probe that is costly where it runs (a shell, ss and grep in an emulated guest) takes at most a
 * quarter of the CPU from the process it waits for.
 */
const PAUSE_PER_ATTEMPT = 3;
/** However busy the machine, a wait never lasts more than this many times its deadline. */
export const MAX_STRETCH = 8;

export interface PollOptions {
  /** The first pause between attempts; later pauses grow. */
  intervalMs?: number;
  /**
   * How many times slower than on an idle machine things run right now (run/concurrency.ts's
   * cpuContention). Given, the deadline counts time the machine had to spare: a second while
   * three tasks shared each CPU counts a third, up to MAX_STRETCH times the deadline.
   */
  contention?: () => number;
  /** Leaves most of the CPU to what is awaited (see PAUSE_PER_ATTEMPT): for a probe of a starting process. */
  fair?: boolean;
}

/**
 * Calls `attempt` until it returns done or `deadlineMs` passes; returns the last value. The
 * last attempt is made at the deadline.
 */
export async function pollUntil<T>(attempt: () => Promise<{ done: boolean; value: T }>, deadlineMs: number, opts: PollOptions = {}): Promise<T> {
  const start = performance.now();
  const hardEnd = start + deadlineMs * (opts.contention ? MAX_STRETCH : 1);
  let pause = opts.intervalMs ?? 50;
  let spent = 0;
  let last = start;
  /** Adds the time since the last call, as the machine's load now weighs it; returns that load. */
  const count = (): number => {
    const load = opts.contention?.() ?? 1;
    const now = performance.now();
    spent += (now - last) / load;
    last = now;
    return load;
  };
  for (;;) {
    const { done, value } = await attempt();
    const tookMs = performance.now() - last;
    const load = count();
    if (done || spent >= deadlineMs || last >= hardEnd) return value;
    const left = Math.min(hardEnd - last, (deadlineMs - spent) * load);
    await sleep(Math.min(left, Math.max(pause, opts.fair ? PAUSE_PER_ATTEMPT * tookMs : 0)));
    count();
    pause = Math.min(MAX_PAUSE_MS, pause * BACKOFF);
  }
}
