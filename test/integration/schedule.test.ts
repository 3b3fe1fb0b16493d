// Longest first: a run remembers each scenario's duration per backend and starts the longest
// first next time; the default --jobs runs several sandboxes per core and says so.
import { readFileSync } from 'node:fs';
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
    const history = JSON.parse(readFileSync(join(cache, 'durations.json'), 'utf8')) as Record<string, Record<string, number>>;
    const took = (id: string) => Object.entries(history.netns!).find(([name]) => name.endsWith(`#${id}`))?.[1];
    expect(took('z-long')).toBeGreaterThan(1400);
    expect(took('a-short')).toBeLessThan(took('z-long')!);
    const second = await run();
    expect(starts(second.all)[0]).toBe('z-long');
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
