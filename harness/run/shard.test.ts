import { describe, expect, it } from 'vitest';
import { parseShard, shardIndexes } from './shard.js';

const items = [
  { name: 'a', ms: 1000, steps: 3 },
  { name: 'b', ms: 7000, steps: 9 },
  { name: 'c', ms: 3000, steps: 2 },
  { name: 'd', ms: 3000, steps: 2 },
  { name: 'e', steps: 4 },
];

describe('shardIndexes', () => {
  it('puts the longest first into the lightest shard, each item in exactly one shard, in the given order', () => {
    const shards = [1, 2].map((index) => shardIndexes(items, { index, total: 2 }));
    // e never timed: 4 steps x (14000 ms / 16 timed steps) = 3500 ms. b 7000 -> 1; e 3500 -> 2;
    // c 3000 -> 2 (6500); d 3000 -> 2 (9500: 6500 is lighter than 7000); a 1000 -> 1 (8000).
    expect(shards).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    expect(shards.flat().sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('splits by steps when nothing is timed, the same way every time', () => {
    const untimed = items.map(({ name, steps }) => ({ name, steps }));
    const once = [1, 2, 3].map((index) => shardIndexes(untimed, { index, total: 3 }));
    // 1000 ms a step: b 9000 -> 1, e 4000 -> 2, a 3000 -> 3, c 2000 -> 3 (5000), d 2000 -> 2 (6000).
    expect(once).toEqual([[1], [3, 4], [0, 2]]);
    expect([1, 2, 3].map((index) => shardIndexes([...untimed], { index, total: 3 }))).toEqual(once);
  });

  it('leaves a shard empty when there are more shards than items', () => {
    expect(shardIndexes(items.slice(0, 1), { index: 2, total: 2 })).toEqual([]);
  });
});

describe('parseShard', () => {
  it('reads i/n and refuses what is not one', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '3', 'a/b', '1/2/3']) expect(() => parseShard(bad), bad).toThrow(/--shard takes i\/n/);
  });
});
