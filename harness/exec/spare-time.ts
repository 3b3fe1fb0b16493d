// Deadlines that count the time the machine had to spare, so that a command or a wait that is
// slow only because other work shares the CPUs is not called hung or broken. Used by every
// deadline a sandbox's command has (executor/client.ts) and by every wait (poll.ts).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** However busy the machine, a deadline never stretches past this many times itself. */
export const MAX_STRETCH = 8;

/** How many times slower than on an idle machine things run right now; never below 1. */
export type Contention = () => number;

/** Tasks runnable right now (the 4th field of /proc/loadavg, "running/total"). */
export function runnableTasks(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]?.split('/')[0] ?? 0);
}

/**
 * Runnable tasks per CPU right now, never below 1: how many times longer than on an idle machine
 * work takes while they share the CPUs.
 */
export function cpuContention(): number {
  return Math.max(1, runnableTasks() / availableParallelism());
}

/**
 * A deadline of `deadlineMs` measured in spare time: a second while three tasks shared each CPU
 * counts a third, up to MAX_STRETCH times the deadline on the clock. Without `contention`, plain
 * wall time.
 */
export class SpareClock {
  private spent = 0;
  private last = performance.now();
  private readonly hardEnd: number;

  constructor(
    private readonly deadlineMs: number,
    private readonly contention?: Contention,
  ) {
    this.hardEnd = this.last + deadlineMs * (contention ? MAX_STRETCH : 1);
  }

  /** Counts the time since the last call as the load now weighs it; returns that load. */
  tick(): number {
    const load = this.contention?.() ?? 1;
    const now = performance.now();
    this.spent += (now - this.last) / load;
    this.last = now;
    return load;
  }

  get expired(): boolean {
    return this.spent >= this.deadlineMs || this.last >= this.hardEnd;
  }

  /** Milliseconds on the clock until the deadline, were the load to stay `load`. */
  leftMs(load: number): number {
    return Math.max(0, Math.min(this.hardEnd - this.last, (this.deadlineMs - this.spent) * load));
  }
}

/** Whether something that took `tookMs` on the clock ran past its `deadlineMs` by enough to say the machine stretched it. */
export function stretched(tookMs: number, deadlineMs: number): boolean {
  return tookMs > deadlineMs * 1.2;
}

/** How often a running deadline looks at the load again. */
const RECHECK_MS = 250;

/** Calls `onExpire` once `deadlineMs` of spare time has passed (see SpareClock); returns what cancels it. */
export function spareTimeout(deadlineMs: number, contention: Contention | undefined, onExpire: () => void): () => void {
  const clock = new SpareClock(deadlineMs, contention);
  let timer: NodeJS.Timeout;
  const arm = (load: number) => {
    const wait = clock.leftMs(load);
    timer = setTimeout(check, contention ? Math.min(wait, RECHECK_MS) : wait);
  };
  const check = () => {
    const load = clock.tick();
    if (clock.expired) onExpire();
    else arm(load);
  };
  arm(1);
  return () => clearTimeout(timer);
}
