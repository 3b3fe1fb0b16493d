import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DurationHistory, REMEMBERED, longestFirst } from './duration-history.js';

const item = (id: string, steps: number) => ({ id, steps: new Array(steps).fill(0) });

describe('longestFirst', () => {
  it('starts the never-timed first (most steps first), then the timed, longest first', () => {
    const items = [item('short', 3), item('new-small', 2), item('long', 5), item('new-big', 9), item('mid', 4)];
    const known: Record<string, number> = { short: 100, long: 9000, mid: 2000 };
    expect(longestFirst(items, (id) => known[id]).map((i) => items[i]!.id)).toEqual(['new-big', 'new-small', 'long', 'mid', 'short']);
  });
});

describe('DurationHistory', () => {
  const made: string[] = [];
  const folder = async () => {
    made.push(await mkdtemp(join(tmpdir(), 'netrecipes-durations-')));
    return made.at(-1)!;
  };
  afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

  it('keeps durations per backend across loads, and starts empty on a missing or broken file', async () => {
    const file = join(await folder(), 'sub', 'durations.json');
    const h = await DurationHistory.load(file);
    expect(h.get('netns', 'a')).toBeUndefined();
    h.record('netns', 'a', 1234.6);
    h.record('container:bookworm/nft', 'a', 99);
    await h.save();
    const again = await DurationHistory.load(file);
    expect([again.get('netns', 'a'), again.get('container:bookworm/nft', 'a'), again.get('netns', 'b')]).toEqual([1235, 99, undefined]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ netns: { a: 1235 }, 'container:bookworm/nft': { a: 99 } });
  });

  it('remembers the most recently run scenarios per backend, so throwaway files do not grow it for ever', async () => {
    const file = join(await folder(), 'durations.json');
    const h = await DurationHistory.load(file);
    h.record('netns', 'kept', 5);
    for (let i = 0; i < REMEMBERED + 50; i++) {
      h.record('netns', `/tmp/t${i}.yaml#t`, i);
      if (i === REMEMBERED) h.record('netns', 'kept', 7); // run again: recent once more
    }
    await h.save();
    const table = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, number>>;
    expect(Object.keys(table.netns!)).toHaveLength(REMEMBERED);
    expect(table.netns!.kept).toBe(7);
    expect(table.netns!['/tmp/t0.yaml#t']).toBeUndefined();
    expect(table.netns![`/tmp/t${REMEMBERED + 49}.yaml#t`]).toBe(REMEMBERED + 49);
  });
});
