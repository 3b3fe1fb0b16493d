// Faults that used to lose a run's results (issue 18): each is provoked for real through the
// CLI, and the run must end in a clear result with its reports written.
import { existsSync, linkSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, HEAD, ROOT, cli, interruptible, scenarioDir, tempDir, validateJunit, eventually } from './helpers.js';

const OK = (id: string) => `${HEAD(id)}steps:\n  - name: fine\n    run: 'true'\n`;

/** Billion laughs: each level doubles nine times over, ~10^9 values if expanded. */
const ALIAS_BOMB = `${HEAD('bomb')}lol:
  a: &a [x, x, x, x, x, x, x, x, x]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
steps:
  - name: a
    run: 'true'
`;

const reports = (out: string) => ({
  junit: readFileSync(join(out, 'junit.xml'), 'utf8'),
  html: readFileSync(join(out, 'index.html'), 'utf8'),
  md: readFileSync(join(out, 'summary.md'), 'utf8'),
});

describe('a YAML alias bomb', () => {
  it('is a scenario-file error with its position for check and list: exit 2, no stack trace', async () => {
    const dir = await scenarioDir({ 'bomb.yaml': ALIAS_BOMB, 'ok.yaml': OK('fine') });
    const check = await cli(['check', dir]);
    expect(check.exitCode, check.all).toBe(2);
    expect(check.stderr).toMatch(/bomb\.yaml:7:\d+: .*alias/);
    expect(check.all).not.toMatch(/internal error|\bat .*\.js:\d+/);
    expect(check.stdout).toContain('1 valid, 1 file with errors');
    const list = await cli(['list', dir]);
    expect(list.exitCode, list.all).toBe(2);
    expect(list.stdout).toContain('fine');
    expect(list.stderr).toMatch(/bomb\.yaml:7:\d+: /);
  });

  it('does not stop run: the other files run and the reports are written, exit 2', async () => {
    const dir = await scenarioDir({ 'bomb.yaml': ALIAS_BOMB, 'ok.yaml': OK('fine') });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all).toBe(2);
    expect(r.all).toContain('1 passed, 0 failed');
    const { junit } = reports(out);
    expect(junit).toMatch(/<error type="ScenarioFileError" message="[^"]*bomb\.yaml:7:\d+: /);
  });
});

describe('an interrupt', () => {
  const THREE = { '1.yaml': `${HEAD('first')}steps:\n  - name: slow\n    run: sleep 20\n`, '2.yaml': OK('second'), '3.yaml': OK('third') };

  it('at any moment (loading, probing) still writes every report with the scenarios skipped: exit 130', async () => {
    const dir = await scenarioDir(THREE);
    // The delays count from the moment netrecipes has its handlers (bin/netrecipes.js installs
    // them first): before that Node itself dies of the signal, which is no moment of a run.
    for (const [delay, sig] of [
      [0, 'SIGINT'],
      [500, 'SIGTERM'],
      [1000, 'SIGINT'],
    ] as const) {
      const out = await tempDir();
      const child = execa('node', [CLI, 'run', dir, '--out', out, '--jobs', '1'], { reject: false, all: true, cwd: ROOT, env: { NO_COLOR: '1' } });
      await interruptible(child.pid!);
      await sleep(delay);
      child.kill(sig);
      const r = await child;
      expect(r.exitCode, `${sig} after ${delay} ms: ${r.all}`).toBe(130);
      const { junit, html, md } = reports(out);
      for (const id of ['second', 'third']) {
        expect(junit).toMatch(new RegExp(`classname="${id}"[^>]*>\\s*<skipped message="run interrupted"`));
        expect(html).toMatch(new RegExp(`${id} — [^<]*</summary><div class="where">(?:(?!</div>).)*</div><div class="skip">run interrupted`));
        expect(md).toMatch(new RegExp(`\\| ⏭️ \\| ${id} — run interrupted \\|`));
      }
      expect(junit).not.toContain('InfrastructureError: run interrupted');
    }
  });

  it('mid-run skips the scenarios not started yet, in console, summary.md, HTML and JUnit: exit 130', async () => {
    const dir = await scenarioDir(THREE);
    const out = await tempDir();
    const child = execa('node', [CLI, 'run', dir, '--out', out, '--jobs', '1', '-v'], { reject: false, all: true, cwd: ROOT, env: { NO_COLOR: '1' } });
    let seen = '';
    child.all.on('data', (d: Buffer) => (seen += d.toString()));
    await eventually(() => seen.includes('▶ first'));
    await sleep(500);
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, r.all).toBe(130);
    expect(r.all).not.toMatch(/▶ (second|third)/); // never started
    expect(r.all).toMatch(/- second 0\/1 steps, [^\n]*— run interrupted/);
    expect(r.all).toMatch(/- third 0\/1 steps, [^\n]*— run interrupted/);
    const { junit, html, md } = reports(out);
    expect((await validateJunit(join(out, 'junit.xml'))).ok).toBe(true);
    for (const id of ['second', 'third']) {
      expect(junit).toMatch(new RegExp(`classname="${id}"[^>]*>\\s*<skipped message="run interrupted"`));
      expect(html).toMatch(new RegExp(`<div class="skip">run interrupted</div>`));
      expect(md).toMatch(new RegExp(`\\| ⏭️ \\| ${id} — run interrupted \\|`));
    }
    expect(junit).not.toMatch(/classname="(second|third)"[^>]*>\s*<error/);
  });
});

describe('reports', () => {
  it('are replaced atomically (a new file renamed over the old one), never rewritten in place', async () => {
    const dir = await scenarioDir({ 'ok.yaml': OK('fine') });
    const out = await tempDir();
    const names = ['junit.xml', 'index.html', 'summary.md', 'run.tap'];
    // A second hard link sees an in-place rewrite, but not a rename over the old name.
    for (const n of names) {
      writeFileSync(join(out, n), 'the previous good report\n');
      linkSync(join(out, n), join(out, `${n}.old`));
    }
    const r = await cli(['run', dir, '--out', out, '--tap', join(out, 'run.tap')]);
    expect(r.exitCode, r.all).toBe(0);
    for (const n of names) {
      expect(readFileSync(join(out, `${n}.old`), 'utf8'), n).toBe('the previous good report\n');
      expect(readFileSync(join(out, n), 'utf8'), n).toContain('fine');
    }
    expect(readdirSync(out).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses an unwritable --out before the first scenario: exit 2 with the path and the reason', async () => {
    const dir = await scenarioDir({ 'slow.yaml': `${HEAD('slow')}steps:\n  - name: slow\n    run: sleep 5\n` });
    const file = join(await tempDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const t0 = Date.now();
    const r = await cli(['run', dir, '--out', join(file, 'reports')]);
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toContain(join(file, 'reports'));
    expect(r.stderr).toMatch(/ENOTDIR|not a directory/);
    expect(Date.now() - t0).toBeLessThan(5000);
    const junit = await cli(['run', dir, '--junit', join(file, 'j.xml'), '--out', await tempDir()]);
    expect(junit.exitCode, junit.all).toBe(2);
    expect(junit.stderr).toContain(join(file, 'j.xml'));
  });
});

describe('big commands and outputs', () => {
  it('keeps draining output past the 4 MiB cap, keeps the real exit status, and says the output was cut', async () => {
    const dir = await scenarioDir({
      'loud.yaml': `${HEAD('loud')}steps:
  - name: prints 6 MB
    run: head -c 6000000 /dev/zero | tr '\\0' x; echo; echo done >&2
    expect: { exit: 0, stdout: { contains: never-there } }
`,
    });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all.slice(0, 2000)).toBe(1);
    expect(r.all).toMatch(/stdout: expected contains "never-there".*output cut at 4 MiB/);
    const { junit, html, md } = reports(out);
    expect(junit).toMatch(/<system-out>[^<]*output cut at 4 MiB/);
    expect(junit).toMatch(/ok {3}exit: exit 0/);
    expect(html).toContain('output cut at 4 MiB');
    expect(md).toContain('output cut at 4 MiB');
  });

  it('runs a run: script far over the 128 KiB argv limit, with bash -e and stdin from /dev/null', async () => {
    const filler = `# ${'x'.repeat(200 * 1024)}`;
    const dir = await scenarioDir({
      'big.yaml': `${HEAD('big')}steps:
  - name: a 200 KiB script
    run: |
      echo first
      ${filler}
      readlink /proc/self/fd/0
      false
      echo never
    expect: { exit: 1, stdout: { contains: [first, /dev/null], not_contains: never } }
  - name: make nsb
    run: ip netns add nsb
  - name: a 200 KiB script in a netns
    in: nsb
    run: |
      ${filler}
      ip netns identify; echo ünïcødé
    expect: { stdout: { contains: [nsb, ünïcødé] } }
`,
    });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all.slice(0, 2000)).toBe(0);
  });

  it('embeds a huge script once and cut in the reports', async () => {
    const filler = `# ${'y'.repeat(1024 * 1024)}\n`.repeat(20);
    const dir = await scenarioDir({
      'huge.yaml': `${HEAD('huge')}steps:\n  - name: a 20 MB script\n    run: |\n${`${filler}false\n`.replace(/^/gm, '      ')}`,
    });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all.slice(0, 2000)).toBe(1);
    for (const f of ['junit.xml', 'index.html', 'summary.md']) expect(statSync(join(out, f)).size, f).toBeLessThan(1024 * 1024);
    const { junit, html } = reports(out);
    expect(junit).toMatch(/cut from the report/);
    expect(html).toMatch(/cut from the report/);
  });
});

describe('names in the sandbox', () => {
  it('lists netns named "a b" and "*" in diagnostics and topology, never the root folder', async () => {
    const dir = await scenarioDir({
      'names.yaml': `${HEAD('names')}steps:
  - name: odd names
    run: ip netns add 'a b' && ip netns add '*' && ip netns exec 'a b' ip link set lo up
  - name: fails on purpose
    run: 'false'
`,
    });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all).toBe(1);
    const { junit, html } = reports(out);
    expect(junit).toContain('===== netns a b');
    expect(junit).toContain('===== netns *');
    const root = readdirSync('/').filter((n) => n !== 'run');
    for (const n of root) expect(junit, n).not.toContain(`===== netns ${n}\n`);
    expect(html).toContain('class="topology"');
    expect(html).toMatch(/class="ns-name"[^>]*>a b</);
    expect(html).toMatch(/class="ns-name"[^>]*>\*</);
  });

  it('rejects a world uplink name that is no interface name at load, with its position', async () => {
    const dir = await scenarioDir({
      'long.yaml': `${HEAD('long')}world:\n  uplink: { name: this-name-is-far-too-long }\nsteps:\n  - name: a\n    run: 'true'\n`,
      'space.yaml': `${HEAD('space')}world:\n  uplink:\n    name: eth 0\nsteps:\n  - name: a\n    run: 'true'\n`,
    });
    const r = await cli(['check', dir]);
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toMatch(/long\.yaml:5:\d+: .*15/);
    expect(r.stderr).toMatch(/space\.yaml:6:11: .*space/);
    expect(existsSync(dir)).toBe(true);
  });
});
