import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurationHistory, longestFirst } from './durations.js';

const item = (id: string, steps: number) => ({ id, steps: new Array(steps).fill(0) });

describe('longestFirst', () => {
  it('starts the never-timed first (most steps first), then the timed, longest first', () => {
    const items = [item('short', 3), item('new-small', 2), item('long', 5), item('new-big', 9), item('mid', 4)];
    const known: Record<string, number> = { short: 100, long: 9000, mid: 2000 };
    expect(longestFirst(items, (id) => known[id]).map((i) => items[i]!.id)).toEqual(['new-big', 'new-small', 'long', 'mid', 'short']);
  });
});

describe('DurationHistory', () => {
  it('keeps durations per backend across loads, and starts empty on a missing or broken file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'netrecipes-durations-')), 'sub', 'durations.json');
    const h = await DurationHistory.load(file);
    expect(h.get('netns', 'a')).toBeUndefined();
    h.record('netns', 'a', 1234.6);
    h.record('container:bookworm/nft', 'a', 99);
    await h.save();
    const again = await DurationHistory.load(file);
    expect([again.get('netns', 'a'), again.get('container:bookworm/nft', 'a'), again.get('netns', 'b')]).toEqual([1235, 99, undefined]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ netns: { a: 1235 }, 'container:bookworm/nft': { a: 99 } });
  });
});
