// `netrecipes docs run`: Markdown transcripts replayed in sandboxes; a wrong printed line is
// reported at its file:line with both versions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scenarioDir, tempDir, validateJunit } from './helpers.js';

const EXAMPLES = ['docs/examples/bridge-walkthrough.md', 'docs/examples/port-publish.md'];

describe('netrecipes docs run', () => {
  it('replays the sample documents green and writes valid JUnit', async () => {
    const out = await tempDir();
    const r = await cli(['docs', 'run', ...EXAMPLES, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('2 passed, 0 failed');
    expect((await validateJunit(join(out, 'docs-run-junit.xml'))).ok).toBe(true);
  });

  it('reports a wrong transcript line with file:line and the diff', async () => {
    const text = readFileSync(join(ROOT, EXAMPLES[0]!), 'utf8').replace(
      '2 packets transmitted, 2 received, 0% packet loss, time 201ms',
      '2 packets transmitted, 1 received, 50% packet loss, time 201ms',
    );
    const dir = await scenarioDir({ 'wrong.md': text });
    const out = await tempDir();
    const r = await cli(['docs', 'run', join(dir, 'wrong.md'), '--out', out]);
    expect(r.exitCode, r.all).toBe(1);
    const line = text.split('\n').findIndex((l) => l.startsWith('$ ping -c 2 -i 0.2 10.20.0.20')) + 1;
    expect(r.all).toContain(`wrong.md:${line} step 17 "$ ping -c 2 -i 0.2 10.20.0.20": transcript`);
    const xml = readFileSync(join(out, 'docs-run-junit.xml'), 'utf8');
    expect(xml).toContain('- 2 packets transmitted, 1 received, 50% packet loss, time 201ms');
    expect(xml).toContain('+ 2 packets transmitted, 2 received, 0% packet loss, time');
  });

  it('rejects an unknown directive at its line: exit 2', async () => {
    const dir = await scenarioDir({ 'bad.md': '# t\n\n<!-- netrecipes: inn=ns0 -->\n```console\n$ true\n```\n' });
    const r = await cli(['docs', 'run', join(dir, 'bad.md'), '--out', await tempDir()]);
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/bad\.md:3:1: unknown directive "inn"/);
  });

  it('writes the expected output of a promptless shell block as unchecked commands', async () => {
    const dir = await scenarioDir({ 'plain.md': '# t\n\n```shell\nip netns add ns0\nip netns list\n```\n' });
    const r = await cli(['docs', 'run', join(dir, 'plain.md'), '--out', await tempDir(), '-v']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('$ ip netns list');
  });
});
