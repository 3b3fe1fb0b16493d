// The whole seed suite, as the README's main job runs it: every scenario passes on the netns
// backend, the JUnit validates, and the suite covers every walkthrough and every article.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir, validateJunit } from './helpers.js';

const WALKTHROUGHS = ['veth', 'route-conflict', 'bridge', 'host-access', 'snat', 'dnat', 'forward-drop'];
const SEEDS = join(ROOT, '../shared/seeds');

describe('seed suite', () => {
  it('covers all seven walkthroughs and all five articles', async () => {
    const r = await cli(['list', '--json']);
    const { scenarios } = JSON.parse(r.stdout) as { scenarios: { tags: string[]; source: { doc: string } }[] };
    for (const tag of WALKTHROUGHS)
      expect(
        scenarios.some((s) => s.tags.includes(tag)),
        tag,
      ).toBe(true);
    const docs = new Set(scenarios.map((s) => s.source.doc));
    const seeds = readdirSync(SEEDS).map((f) => `seeds/${f}`);
    expect(seeds.length).toBe(5);
    for (const seed of seeds) expect(docs.has(seed), seed).toBe(true);
  });

  it('passes on the netns backend and writes valid JUnit', async () => {
    const out = await tempDir();
    const r = await cli(['run', '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/\d+ passed, 0 failed, 0 skipped/);
    expect((await validateJunit(join(out, 'junit.xml'))).ok).toBe(true);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).not.toContain('<failure');
  });
});
