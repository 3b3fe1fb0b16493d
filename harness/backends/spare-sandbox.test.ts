import { describe, expect, it } from 'vitest';
import type { Sandbox } from './backend.js';
import { SpareSandboxes } from './spare-sandbox.js';

/** Stand-ins that only count: which were made, which closed. */
function maker() {
  const made: { n: number; closed: boolean; dead: boolean }[] = [];
  const make = async () => {
    const box = { n: made.length + 1, closed: false, dead: false };
    made.push(box);
    await new Promise((r) => setTimeout(r, 5));
    return { alive: () => !box.closed && !box.dead, close: async () => void (box.closed = true), n: box.n } as unknown as Sandbox;
  };
  return { made, make };
}

describe('SpareSandboxes', () => {
  it('makes the first on demand, then one ahead; never hands one sandbox to two takers', async () => {
    const { made, make } = maker();
    const spares = new SpareSandboxes(make, {});
    await spares.take();
    expect(made.length).toBe(1); // a single scenario pays for no spare
    const taken = await Promise.all(Array.from({ length: 8 }, () => spares.take()));
    const ids = taken.map((s) => (s as unknown as { n: number }).n);
    expect(new Set(ids).size).toBe(8);
    expect(ids).not.toContain(1);
    await spares.close();
    expect(made.length).toBe(10); // the first, 8 taken, one spare ahead
    const closed = made.filter((b) => b.closed).map((b) => b.n);
    expect(closed.length).toBe(1); // the spare nobody took
    expect(ids).not.toContain(closed[0]);
  });

  it('replaces a spare that died while it waited', async () => {
    const { made, make } = maker();
    const spares = new SpareSandboxes(make, {});
    await spares.take();
    await spares.take(); // starts spare #2 (and makes #3 for itself)
    await new Promise((r) => setTimeout(r, 20));
    made[1]!.dead = true;
    const next = (await spares.take()) as unknown as { n: number };
    expect(next.n).not.toBe(2);
    expect(made[1]!.closed).toBe(true);
    await spares.close();
  });

  it('hands out only furnished sandboxes, a spare furnished while it waits; one whose furnishing failed is closed, never handed out', async () => {
    const { made, make } = maker();
    const furnished: number[] = [];
    let failNext = false;
    const backend = {
      furnish: async (s: Sandbox) => {
        const n = (s as unknown as { n: number }).n;
        if (failNext) {
          failNext = false;
          throw new Error(`cannot furnish ${n}`);
        }
        furnished.push(n);
      },
    };
    const spares = new SpareSandboxes(make, backend);
    const first = (await spares.take()) as unknown as { n: number };
    expect(furnished).toEqual([first.n]);
    await spares.take(); // starts spare #2, then makes #3 for itself
    await new Promise((r) => setTimeout(r, 20));
    expect(furnished).toEqual([1, 2, 3]); // the spare was furnished before anyone took it
    failNext = true;
    const third = (await spares.take()) as unknown as { n: number }; // takes spare #2; spare #4 fails to furnish
    expect(third.n).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(made[3]!.closed).toBe(true);
    const fourth = (await spares.take()) as unknown as { n: number };
    expect(fourth.n).not.toBe(4); // its taker made its own
    expect(furnished).toContain(fourth.n);
    await spares.close();
  });
});
