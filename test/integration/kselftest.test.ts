// kselftest steps on the netns backend, for real: selftests in the kernel's style
// (test/fixtures/kselftest/) copied into a project under /tmp (which the sandbox's own /tmp
// would hide: the harness shows it read-only at its path), run with passes, a skip with its
// reason, failing results, a step the sandbox limited and a built-in module loaded by modprobe;
// then the reports: JUnit (checked against the schema), KTAP and the console.
import { execFileSync } from 'node:child_process';
import { chmod, cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { NetnsBackend } from '../../harness/backends/netns/netns-backend.js';
import { ROOT, cli, tempDir, validateJunit } from './helpers.js';

const FIXTURES = join(ROOT, 'test/fixtures/kselftest');

const SCENARIO = `id: selftests
title: selftests in the kernel's style
steps:
  - name: a veth pair, tested by a selftest
    kselftest: selftests/veth.sh
  - name: a selftest that skips
    kselftest: selftests/skips.sh
  - name: a selftest with one failing result
    kselftest: { script: selftests/two-results.sh, args: [-v] }
`;

type Case = { name: string; time: string; failure?: { message: string }; skipped?: { message: string } };

let project: string;
let out: string;
let run: Awaited<ReturnType<typeof cli>>;

describe('kselftest steps', () => {
  beforeAll(async () => {
    project = await tempDir('netrecipes-kselftest-');
    await cp(FIXTURES, join(project, 'selftests'), { recursive: true });
    await writeFile(join(project, 'package.json'), '{}\n');
    await writeFile(join(project, 'selftests.yaml'), SCENARIO);
    await chmod(project, 0o755); // the sandbox reads the project as an unprivileged user would
    out = await tempDir();
    run = await cli(['run', join(project, 'selftests.yaml'), '--out', out, '--tap', join(out, 'r.ktap')]);
  }, 120_000);

  it('passes, skips with the reason of the last SKIP: line and fails by the exit status; the run fails', () => {
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toContain('✗ selftests#3 a selftest with one failing result');
    expect(run.all).toContain('the selftest exited 1: 1 of 2 subtests failed (b)');
  });

  it('lists the failing subtest under its step in the console, and says the sandbox limited the passing one', () => {
    expect(run.all).toMatch(/^ {6}✗ b \(\d+ ms\)$/m);
    expect(run.all).toMatch(
      /! selftests step 1 "a veth pair, tested by a selftest" passed, limited by the sandbox: the kernel log \(dmesg\) \("dmesg: read kernel buffer failed: Operation not permitted"\); a guest backend/,
    );
  });

  it('writes each result line as a testcase with its duration in JUnit, valid against the schema', async () => {
    expect((await validateJunit(join(out, 'junit.xml'))).ok).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await readFile(join(out, 'junit.xml'), 'utf8'));
    const suite = xml.testsuites.testsuite as { tests: string; failures: string; skipped: string; testcase: Case[] };
    const byName = new Map(suite.testcase.map((c) => [c.name, c]));
    expect([...byName.keys()]).toEqual([
      '01 a veth pair, tested by a selftest',
      '01 a veth pair, tested by a selftest: ping across the veth pair',
      '01 a veth pair, tested by a selftest: no answer from an unused address',
      '01 a veth pair, tested by a selftest: modprobe br_netfilter',
      '01 a veth pair, tested by a selftest: addresses are on the links',
      '01 a veth pair, tested by a selftest: ipv6',
      '02 a selftest that skips',
      '02 a selftest that skips: this kernel lacks the frobnicator',
      '03 a selftest with one failing result',
      '03 a selftest with one failing result: a',
      '03 a selftest with one failing result: b',
    ]);
    expect(byName.get('02 a selftest that skips')!.skipped!.message).toBe('skipped by the selftest: this kernel lacks the frobnicator');
    expect(byName.get('03 a selftest with one failing result: a')!.failure).toBeUndefined();
    expect(byName.get('03 a selftest with one failing result: b')!.failure!.message).toMatch(
      /selftests\.yaml:8:5: subtest "b" failed \(line 2 of the selftest's output\)/,
    );
    // two-results.sh sleeps 0.3 s before a and 0.2 s before b
    expect(Number(byName.get('03 a selftest with one failing result: a')!.time)).toBeGreaterThanOrEqual(0.25);
    expect(Number(byName.get('03 a selftest with one failing result: b')!.time)).toBeGreaterThanOrEqual(0.15);
    expect([suite.tests, suite.failures, suite.skipped]).toEqual(['11', '2', '3']);
  });

  it('nests the results under their step in KTAP, with the raw output as # lines', async () => {
    const text = await readFile(join(out, 'r.ktap'), 'utf8');
    expect(text).toContain(
      [
        '        # Subtest: a selftest with one failing result',
        '        # TEST: a                                                             [ OK ]',
        '        # TEST: b                                                             [FAIL]',
        '        1..2',
      ].join('\n'),
    );
    expect(text).toMatch(/^ {8}ok 1 a\n {8}# time: [\d.]+ m?s\n {8}not ok 2 b\n {8}# time: [\d.]+ m?s\n {4}not ok 3 a selftest with one failing result$/m);
    expect(text).toMatch(/^ {4}ok 2 a selftest that skips # SKIP skipped by the selftest: this kernel lacks the frobnicator$/m);
    expect(text).toMatch(/^ {8}ok 3 modprobe br_netfilter$/m); // built into this kernel (or loaded by the harness)
    expect(text).toMatch(/^ {8}ok 5 ipv6 # SKIP not tested here$/m);
    expect(text).toMatch(/^ {4}# limited by the sandbox: the kernel log \(dmesg\)/m);
  });

  it('annotates the limited step in GitHub Actions, at its line', async () => {
    const ghOut = await tempDir();
    const summary = join(ghOut, 'summary.md');
    await writeFile(summary, '');
    const r = await execa('node', ['bin/netrecipes.js', 'run', join(project, 'selftests.yaml'), '--out', ghOut], {
      cwd: ROOT,
      reject: false,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: join(ghOut, 'output.txt'), NO_COLOR: '1' },
    });
    expect(r.stdout).toMatch(
      /^::notice title=selftests%3A step 1 "a veth pair%2C tested by a selftest" passed%2C limited,file=.*selftests\.yaml,line=4,col=5::limited by the sandbox: the kernel log \(dmesg\)/m,
    );
    expect(await readFile(summary, 'utf8')).toContain('### Passed, but limited by the sandbox');
  });

  it('shows the results and the limit on the HTML page', async () => {
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<div class="limited">limited by the sandbox: the kernel log (dmesg)');
    expect(html).toMatch(/<li class="fail">✗ b \([\d.]+ m?s\)<\/li>/);
  });
});

describe('kselftest steps from this checkout, with expected failures', () => {
  it('counts a failing selftest under xfail, and its failing subtest, as expected failures; a skip stays a skip', async () => {
    const out = await tempDir();
    const r = await cli(['run', join(FIXTURES, 'selftests.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('✓ kselftest-fixtures 1/3 steps, 1 skipped, 1 expected failure');
    const xml = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(xml).toMatch(
      /<testcase name="02 a selftest with one failing result: b" classname="kselftest-fixtures" time="[\d.]+">\s*<skipped message="expected failure"\/>/,
    );
    expect(xml).toMatch(
      /<testcase name="03 a selftest that skips" classname="kselftest-fixtures" time="[\d.]+">\s*<skipped message="skipped by the selftest: this kernel lacks the frobnicator"\/>/,
    );
  }, 60_000);
});

describe('a kselftest step is checked when its file loads', () => {
  it('refuses a script outside the project, a missing one, and one the sandbox could not read, at the step', async () => {
    const dir = await tempDir('netrecipes-kselftest-check-');
    await writeFile(join(dir, 'package.json'), '{}\n');
    await writeFile(join(dir, 'closed.sh'), 'exit 0\n', { mode: 0o600 });
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'open.sh'), 'exit 0\n', { mode: 0o644 });
    const steps = ['../outside.sh', 'missing.sh', 'closed.sh'].map((s, i) => `  - name: s${i}\n    kselftest: ${s}\n`).join('');
    const more =
      "  - name: exit is the selftest's\n    kselftest: open.sh\n    expect: { exit: 1 }\n  - name: a helper without its source\n    kselftest: { script: open.sh, helpers: [nettest] }\n";
    await writeFile(join(dir, 'bad.yaml'), `id: bad\ntitle: bad\nsteps:\n${steps}${more}`);
    const r = await cli(['check', join(dir, 'bad.yaml')]);
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/bad\.yaml:5:16: selftest \.\.\/outside\.sh is outside the project/);
    expect(r.all).toMatch(/bad\.yaml:7:16: selftest missing\.sh does not exist/);
    expect(r.all).toMatch(/bad\.yaml:9:16: selftest closed\.sh cannot be read in the sandbox, .*closed\.sh is closed to other users \(chmod o\+r /);
    expect(r.all).toMatch(/bad\.yaml:12:21: "exit" does not apply to a kselftest step/);
    expect(r.all).toMatch(
      /bad\.yaml:14:16: helper nettest has no source nettest\.c beside the selftest \(.*\): copy it from the kernel tree's folder of the selftest/,
    );
  });
});

/** This kernel's config, where it can be read (the sandbox's modprobe reads the same). */
const kernelConfig = (): string => {
  try {
    return execFileSync('sh', ['-c', 'gzip -dc /proc/config.gz 2>/dev/null || cat /boot/config-$(uname -r)'], { encoding: 'utf8' });
  } catch {
    return '';
  }
};

describe('inside a netns sandbox', () => {
  it('shows a project under /tmp read-only at its path, and modprobe succeeds for a module built into the kernel', async () => {
    const dir = await tempDir('netrecipes-kselftest-share-');
    await writeFile(join(dir, 'hello.sh'), 'echo hello from the project\n');
    await chmod(dir, 0o755);
    const backend = new NetnsBackend();
    backend.share([dir]);
    await backend.prepare();
    try {
      await using sb = await backend.create();
      const sh = (script: string) => sb.exec(['bash', '-c', script], { timeoutMs: 10_000 });
      expect((await sh(`bash ${dir}/hello.sh`)).stdout).toBe('hello from the project\n');
      expect((await sh(`touch ${dir}/written 2>&1; echo rc=$?`)).stdout).toMatch(/Read-only file system\nrc=1/);
      const builtIn =
        /^CONFIG_BRIDGE_NETFILTER=y$/m.test(kernelConfig()) ||
        /br_netfilter\.ko/.test(execFileSync('sh', ['-c', 'cat /lib/modules/$(uname -r)/modules.builtin 2>/dev/null || true'], { encoding: 'utf8' }));
      const r = await sh('modprobe br_netfilter; echo "rc=$?"; modprobe -q nr_no_such_module; echo "rc=$?"');
      // built in here (this machine's kernel has no loadable modules); where it is a module, loaded or not decides
      if (builtIn) expect(r.stdout).toBe('rc=0\nrc=1\n');
      else expect(r.stdout).toMatch(/^rc=[01]\nrc=1\n$/);
    } finally {
      await backend.close();
    }
  }, 60_000);
});
