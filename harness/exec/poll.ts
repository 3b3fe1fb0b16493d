// Polling with a deadline instead of sleeping: the heart of "wait until", never "wait 2s".
import { setTimeout as sleep } from 'node:timers/promises';
import { SpareClock, type Contention } from './spare-time.js';

/** Each pause is this much longer than the one before, up to MAX_PAUSE_MS. */
const BACKOFF = 1.25;
const MAX_PAUSE_MS = 250;
/**
 * With `fair`, a pause is at least this many times as long as the attempt before it took, so a
 * probe that is costly where it runs (a shell, ss and grep in an emulated guest) takes at most a
 * quarter of the CPU from the process it waits for.
 */
const PAUSE_PER_ATTEMPT = 3;

export interface PollOptions {
  /** The first pause between attempts; later pauses grow. */
  intervalMs?: number;
  /**
   * How many times slower than on an idle machine things run right now (spare-time.ts's
   * cpuContention). Given, the deadline counts time the machine had to spare: a second while
   * three tasks shared each CPU counts a third, up to MAX_STRETCH times the deadline.
   */
  contention?: Contention;
  /** Leaves most of the CPU to what is awaited (see PAUSE_PER_ATTEMPT): for a probe of a starting process. */
  fair?: boolean;
}

/**
 * Calls `attempt` until it returns done or `deadlineMs` passes; returns the last value. The
 * last attempt is made at the deadline.
 */
export async function pollUntil<T>(attempt: () => Promise<{ done: boolean; value: T }>, deadlineMs: number, opts: PollOptions = {}): Promise<T> {
  const clock = new SpareClock(deadlineMs, opts.contention);
  let pause = opts.intervalMs ?? 50;
  for (;;) {
    const t = performance.now();
    const { done, value } = await attempt();
    const tookMs = performance.now() - t;
    const load = clock.tick();
    if (done || clock.expired) return value;
    await sleep(Math.min(clock.leftMs(load), Math.max(pause, opts.fair ? PAUSE_PER_ATTEMPT * tookMs : 0)));
    clock.tick();
    pause = Math.min(MAX_PAUSE_MS, pause * BACKOFF);
  }
}
