import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { pollUntil } from './poll.js';
import { MAX_STRETCH } from './spare-time.js';

/** An attempt that costs `costMs` (as a probe in a slow guest does) and is done once `readyAt` ms have passed. */
function probe(costMs: number, readyAt = Infinity) {
  const start = performance.now();
  const calls: number[] = [];
  let busyMs = 0;
  const attempt = async () => {
    const t = performance.now();
    calls.push(t - start);
    await sleep(costMs);
    busyMs += performance.now() - t;
    const done = performance.now() - start >= readyAt;
    return { done, value: done };
  };
  return { attempt, calls, busy: () => busyMs };
}

describe('pollUntil', () => {
  it('backs off, and when fair, a costly probe takes a small share of the wait instead of most of it', async () => {
    // In CI, four guests' readiness probes (a shell, ss and grep each, under TCG) ran every 20 ms
    // and starved the very servers they waited for: python3 -m http.server never listened in 40 s.
    const p = probe(100);
    const t = performance.now();
    expect(await pollUntil(p.attempt, 3000, { intervalMs: 20, fair: true })).toBe(false);
    const waited = performance.now() - t;
    expect(waited).toBeGreaterThanOrEqual(3000);
    expect(p.busy() / waited).toBeLessThan(0.3);
    expect(p.calls.length).toBeLessThan(10);
  });

  it('still notices a cheap probe turning true soon after it does, and tries once more at the deadline', async () => {
    const soon = probe(1, 300);
    const t = performance.now();
    expect(await pollUntil(soon.attempt, 5000, { intervalMs: 20 })).toBe(true);
    expect(performance.now() - t).toBeLessThan(700);

    const late = probe(1, 950);
    expect(await pollUntil(late.attempt, 1000, { intervalMs: 20 })).toBe(true);
  });

  it('stretches its deadline while the machine is busy, in proportion and up to a bound', async () => {
    // In CI a guest's web server took over 40 s to start on a machine shared with other tests,
    // where alone it takes under a second: its readiness wait ran out although nothing was wrong.
    const busy = probe(1, 1500);
    expect(await pollUntil(busy.attempt, 1000, { contention: () => 3 })).toBe(true);

    const idle = probe(1, 1500);
    expect(await pollUntil(idle.attempt, 1000, { contention: () => 1 })).toBe(false);

    const never = probe(1);
    const t = performance.now();
    expect(await pollUntil(never.attempt, 200, { contention: () => 1000 })).toBe(false);
    const waited = performance.now() - t;
    expect(waited).toBeGreaterThanOrEqual(200 * MAX_STRETCH - 1);
    expect(waited).toBeLessThan(200 * MAX_STRETCH + 600);
  });
});
