// Issue 23, item 4: nothing a scenario or a document says can hold a run. A catastrophic
// pattern, a 30 000-line output that differs from the document, and an interrupt while it is
// judged: each ends in seconds, and the signal is honoured.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, HEAD, ROOT, cli, scenarioDir, tempDir, eventually } from './helpers.js';

/** A document whose one command prints 30 000 lines, each unlike the line the document shows. */
async function bigDocument(): Promise<string> {
  const dir = await tempDir();
  const shown = Array.from({ length: 30_000 }, (_, i) => `line ${i} as the document shows it`);
  const file = join(dir, 'big.md');
  await writeFile(file, `# Big\n\n\`\`\`console\n$ seq 30000\n${shown.join('\n')}\n\`\`\`\n`);
  return file;
}

describe('bounded matching and diffing (issue 23)', () => {
  it('a catastrophic regex (^(a+)+$ on 29 characters) fails its step at once, within its 2 s timeout', async () => {
    const dir = await scenarioDir({
      'evil.yaml': `${HEAD('evil-regex')}steps:
  - name: evil pattern
    timeout: 2s
    run: printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'
    expect: { stdout: { regex: ['^(a+)+$'] } }
`,
    });
    const out = await tempDir();
    const t0 = performance.now();
    const r = await cli(['run', dir, '--out', out]);
    const took = performance.now() - t0;
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/evil pattern.*stdout: expected matches \/\^\(a\+\)\+\$\/, got a{29}!/);
    expect(took).toBeLessThan(15_000);
  });

  it('a docs run of 30 000 differing lines says the output is too large to diff, and ends', async () => {
    const file = await bigDocument();
    const out = await tempDir();
    const t0 = performance.now();
    const r = await cli(['docs', 'run', file, '--out', out]);
    const took = performance.now() - t0;
    expect(r.exitCode, r.all.slice(0, 2000)).toBe(1);
    expect(r.all).toContain('too large to diff: 30000 document lines and 30000 machine lines differ in more than 1000 lines');
    expect(took).toBeLessThan(30_000);
  });

  it('SIGTERM while that output is judged ends the run promptly, reports written (exit 130)', async () => {
    const file = await bigDocument();
    const out = await tempDir();
    const child = execa('node', [CLI, 'docs', 'run', file, '--out', out, '-v'], { reject: false, all: true, cwd: ROOT, env: { NO_COLOR: '1' } });
    let seen = '';
    child.all.on('data', (d: Buffer) => (seen += d.toString()));
    await eventually(() => seen.includes('▶'), 60_000, 50);
    await sleep(300); // the command has printed its 30 000 lines; the harness is judging them
    const t0 = performance.now();
    child.kill('SIGTERM');
    const r = await child;
    const took = performance.now() - t0;
    expect(r.exitCode, r.all?.slice(0, 2000)).toBe(130);
    // The whole run takes about 2 s on an idle machine and ends within 3 s of the TERM on a
    // loaded one; judging the output unbounded (30 000 x 30 000 lines) would take minutes.
    expect(took).toBeLessThan(10_000);
    // Diagnostics are not asked of the sandbox the interrupt closed ("the sandbox went away").
    // (Whether the step had finished under a loaded machine decides its own outcome: a step the
    // interrupt stopped is reported errored, "run interrupted", as cli.test.ts says.)
    expect(r.all).not.toContain('went away');
  });
});
