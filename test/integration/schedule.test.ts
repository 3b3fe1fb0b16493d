// Longest first: a run remembers each scenario's duration per backend and starts the longest
// first next time; the default --jobs runs several sandboxes per core and says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, HEAD, scenarioDir, tempDir } from './helpers.js';

const sleeper = (id: string, seconds: number) => `${HEAD(id)}steps:\n  - name: wait\n    run: sleep ${seconds}\n`;

describe('scheduling', () => {
  it('starts the scenario that took longest last time first, and records durations per backend', async () => {
    const cache = await tempDir();
    const dir = await scenarioDir({ 'a.yaml': sleeper('a-short', 0.1), 'b.yaml': sleeper('b-short', 0.1), 'z.yaml': sleeper('z-long', 1.5) });
    const run = () =>
      execa('node', [CLI, 'run', dir, '--jobs', '1', '-v', '--out', join(cache, 'out')], {
        env: { NETRECIPES_CACHE: cache, NO_COLOR: '1' },
        reject: false,
        all: true,
      });
    const starts = (out: string) => [...out.matchAll(/^▶ (\S+)/gm)].map((m) => m[1]);
    const first = await run();
    expect(first.exitCode, first.all).toBe(0);
    const historyFile = join(cache, 'durations.json');
    const history = JSON.parse(readFileSync(historyFile, 'utf8')) as Record<string, Record<string, number>>;
    const key = (id: string) => Object.keys(history.netns!).find((name) => name.endsWith(`#${id}`))!;
    expect(history.netns![key('z-long')]).toBeGreaterThan(1400);
    expect(history.netns![key('a-short')]).toBeGreaterThan(0);
    // On a loaded machine a 0.1 s scenario's sandbox can take longer than a 1.5 s one's whole
    // run: make the middle file the longest, so the order can only come from the history.
    history.netns![key('b-short')] = 99_000;
    writeFileSync(historyFile, JSON.stringify(history));
    const second = await run();
    expect(starts(second.all)[0]).toBe('b-short');
    // reports keep the files' order whatever the start order
    expect([...readFileSync(join(cache, 'out', 'junit.xml'), 'utf8').matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'a-short: a-short',
      'b-short: b-short',
      'z-long: z-long',
    ]);
  });

  it('says how many sandboxes run at once by default, and why', async () => {
    const dir = await scenarioDir({ 'a.yaml': sleeper('a', 0) });
    const r = await execa('node', [CLI, 'run', dir, '--out', join(dir, 'out')], { env: { NO_COLOR: '1' }, reject: false, all: true });
    expect(r.all).toMatch(/^jobs: \d+ \(4 per core on \d+ cores; --jobs N to change\)$/m);
  });
});
