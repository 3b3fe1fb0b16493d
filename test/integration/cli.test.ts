// The CLI end to end, with real sandboxes: exit codes, JUnit, file errors, timeouts, and what a
// killed harness leaves behind (nothing).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { descendants } from '../../harness/exec/kill-tree.js';
import { HEAD, ROOT, VETH_STEP, cli, scenarioDir, tempDir, validateJunit, eventually } from './helpers.js';

const PASSING = `${HEAD('veth-ok')}requires: { commands: [ip, ping], kernel: [veth] }
steps:
${VETH_STEP('a pair into ns0')}  - name: ns0 pings the host end
    in: ns0
    run: ping -c 1 -W 1 10.9.0.1
    expect: { ping: ok }
`;

const WRONG = `${HEAD('veth-wrong')}steps:
  - name: make ns0
    run: ip netns add ns0
  - name: ns0 has a default route (it does not)
    in: ns0
    expect:
      routes: { has: [{ dst: default }] }
  - name: never reached
    run: 'true'
`;

function processesMatching(text: string): string[] {
  return execaSyncLines(`ps -eo pid,args | grep -F -- '${text}' | grep -v grep || true`);
}
function execaSyncLines(cmd: string): string[] {
  return String(execaSync('bash', ['-c', cmd]).stdout)
    .split('\n')
    .filter(Boolean);
}

describe('netrecipes run', () => {
  it('passes a good scenario: exit 0 and a JUnit file that validates against the JUnit XSD', async () => {
    const dir = await scenarioDir({ 'ok.yaml': PASSING });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('1 passed, 0 failed');
    const junit = join(out, 'junit.xml');
    expect(await validateJunit(junit)).toMatchObject({ ok: true });
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<property name="backend" value="netns"\/>/);
    expect(xml).toMatch(/<property name="kernel" value="\d+\.\d+/);
    expect(xml).toMatch(/<property name="iptables" value="(nft|legacy)"\/>/);
    expect(xml).toContain('<testcase name="02 ns0 pings the host end" classname="veth-ok"');
  });

  it('fails a wrong expectation: exit 1, <failure> naming the step and its line, the rest skipped, diagnostics kept', async () => {
    const dir = await scenarioDir({ 'wrong.yaml': WRONG });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/wrong\.yaml:7 step 2 "ns0 has a default route \(it does not\)": routes: expected has \{"dst":"default"\}/);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect((await validateJunit(join(out, 'junit.xml'))).ok).toBe(true);
    expect(xml).toMatch(
      /<testcase name="02 ns0 has a default route \(it does not\)"[^>]*>\s*<failure type="AssertionFailure" message="[^"]*wrong\.yaml:7:5: routes: expected has/,
    );
    expect(xml).toMatch(/<testcase name="03 never reached"[^>]*>\s*<skipped message="skipped: step 2/);
    expect(xml).toContain('diagnostics after the failure');
    expect(xml).toContain('===== netns ns0');
  });

  it('reports a broken file as file:line:col, still runs the good ones and writes JUnit: exit 2', async () => {
    const dir = await scenarioDir({
      'good.yaml': PASSING,
      'broken.yaml': `${HEAD('broken')}steps:\n  - name: a\n    runn: ip link\n  - name: b\n    run: [unclosed\n`,
    });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all).toBe(2);
    expect(r.all).toMatch(/broken\.yaml:\d+:\d+: /);
    expect(r.all).toContain('1 passed, 0 failed');
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<error type="ScenarioFileError" message="[^"]*broken\.yaml:\d+:\d+: /);
    expect((await validateJunit(join(out, 'junit.xml'))).ok).toBe(true);
  });

  it('kills a hung command at the step timeout, with its whole process tree', async () => {
    const marker = `sleep 301.${process.pid}`;
    const dir = await scenarioDir({
      'hang.yaml': `${HEAD('hang')}steps:\n  - name: hangs\n    timeout: 1s\n    run: ${marker} & ${marker}\n`,
    });
    const out = await tempDir();
    const t0 = Date.now();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toContain('timed out after');
    // killed at its timeout, not waited out: on a busy machine the 1 s stretches (up to 8 s) and a
    // run's start and teardown take seconds, but nothing near the 301 s the command would take
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(processesMatching(marker)).toEqual([]);
  });

  it('skips a scenario whose requirements are missing, with the reason and the apt line', async () => {
    const dir = await scenarioDir({ 'needs.yaml': `${HEAD('needs')}requires: { commands: [brctl-from-the-future] }\nsteps:\n  - name: a\n    run: 'true'\n` });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('0 passed, 0 failed, 1 skipped');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(
      /<skipped message="missing command brctl-from-the-future \(no Debian package netrecipes knows provides brctl-from-the-future\)"/,
    );
  });

  it('leaves nothing behind when the harness is killed with SIGKILL mid-run', async () => {
    const marker = `sleep 32.${process.pid}`;
    const dir = await scenarioDir({
      'long.yaml': `${HEAD('long')}steps:
  - name: a namespace, a link and a server
    run: |
      ip netns add ns0
      ip link add v0 type veth peer name c0 netns ns0
  - name: background process
    in: ns0
    background: ${marker}
  - name: a long step
    run: ${marker}
`,
    });
    const child = execa('node', ['bin/netrecipes.js', 'run', dir, '--out', await tempDir()], { reject: false, cwd: ROOT });
    // the sandbox's files are its own: watch for its processes instead of a file it writes
    await eventually(() => processesMatching(marker).length >= 2);
    const tree = descendants(child.pid!);
    expect(processesMatching(marker).length).toBeGreaterThanOrEqual(2);
    child.kill('SIGKILL');
    await child;
    const alive = () => tree.filter((pid) => existsSync(`/proc/${pid}`));
    await eventually(() => alive().length === 0, 30_000);
    expect(alive()).toEqual([]);
    expect(processesMatching(marker)).toEqual([]);
  });

  it('polls with within:, saves variables, honours xfail and skip_unless', async () => {
    const dir = await scenarioDir({
      'features.yaml': `${HEAD('features')}steps:
  - name: a file appears a little later
    background: sleep 0.3 && echo 42 > /run/sandbox/late
  - name: polled until it exists
    run: cat /run/sandbox/late
    save: { ANSWER: '^(\\d+)$' }
    expect: { within: 3s, stdout: '42' }
  - name: the saved value reaches later commands and expectations
    run: echo "answer=$ANSWER"
    expect: { stdout: 'answer=\${ANSWER}' }
  - name: a known breakage
    xfail: no route is expected here
    run: ping -c 1 -W 1 198.51.100.1
    expect: { ping: ok }
  - name: only where impossible
    skip_unless: { run: 'false', reason: the condition is false }
    run: 'false'
`,
    });
    const out = await tempDir();
    const r = await cli(['run', dir, '--out', out, '-v']);
    expect(r.exitCode, r.all).toBe(0);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<skipped message="expected failure \(no route is expected here\): ping: expected ping ok, got network-unreachable/);
    expect(xml).toMatch(/<skipped message="skipped: the condition is false"/);
    expect(xml).toMatch(/attempts\)/);
  });

  it('stops at once on SIGTERM, still writes its reports, and leaves nothing running', async () => {
    const marker = `sleep 33.${process.pid}`;
    const dir = await scenarioDir({ 'slow.yaml': `${HEAD('slow')}steps:\n  - name: slow\n    run: ${marker}\n  - name: after\n    run: 'true'\n` });
    const out = await tempDir();
    const child = execa('node', ['bin/netrecipes.js', 'run', dir, '--out', out], { reject: false, cwd: ROOT, all: true });
    await eventually(() => processesMatching(marker).length > 0);
    expect(processesMatching(marker).length).toBeGreaterThan(0);
    const t0 = Date.now();
    child.kill('SIGTERM');
    const r = await child;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.exitCode, r.all).toBe(130);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testcase name="01 slow"[^>]*>\s*<error type="InfrastructureError" message="[^"]*run interrupted/);
    expect(xml).toMatch(/<testcase name="02 after"[^>]*>\s*<skipped/);
    expect(processesMatching(marker)).toEqual([]);
  });

  it('names a missing command and its package instead of a bare exit 127', async () => {
    const dir = await scenarioDir({ 'nocmd.yaml': `${HEAD('nocmd')}steps:\n  - name: uses a tool that is not there\n    run: brctl-from-the-future show\n` });
    const r = await cli(['run', dir, '--out', await tempDir()]);
    expect(r.exitCode).toBe(1);
    expect(r.all).toContain(
      'exit 127: brctl-from-the-future is not installed in the sandbox (no Debian package netrecipes knows provides brctl-from-the-future, or list it in requires.commands to skip instead)',
    );
  });

  it('--tap - writes only KTAP to stdout; progress and the summary go to stderr', async () => {
    const dir = await scenarioDir({ 'ok.yaml': PASSING });
    const r = await cli(['run', dir, '--out', await tempDir(), '--tap', '-', '-v']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^KTAP version 1\n1\.\.1\n/);
    expect(r.stdout.split('\n').filter((l) => l && !/^(KTAP|1\.\.|\s+(KTAP|#|1\.\.|ok|not ok)|ok|not ok|# )/.test(l))).toEqual([]);
    expect(r.stderr).toContain('1 passed, 0 failed, 0 skipped (1 scenario run, netns backend');
    expect(r.stderr).toContain('veth-ok#2 ns0 pings the host end');
  });

  it('answers a bad option with one line and a hint, not the whole help', async () => {
    const r = await cli(['run', '--filtr', 'x']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--filtr'/);
    expect(r.stderr).toContain('(add --help for usage)');
    expect(r.stderr).not.toContain('--backend <name>');
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
  });

  it('rejects bad usage with exit 2', async () => {
    expect((await cli(['run', '--backend', 'nope'])).exitCode).toBe(2);
    expect((await cli(['run', '--jobs', 'zero'])).exitCode).toBe(2);
    expect((await cli(['frobnicate'])).exitCode).toBe(2);
  });
});

describe('netrecipes list and check', () => {
  it('lists the bundled suite as JSON with sources and requirements', async () => {
    const r = await cli(['list', '--json']);
    expect(r.exitCode).toBe(0);
    const { scenarios } = JSON.parse(r.stdout) as { scenarios: { id: string; tags: string[]; source: { doc: string }; requires: unknown }[] };
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
    expect(scenarios[0]).toHaveProperty('requires');
  });
  it('check validates files and exits 2 on a bad one', async () => {
    expect((await cli(['check'])).exitCode).toBe(0);
    const dir = await scenarioDir({ 'bad.yaml': `${HEAD('bad')}steps:\n  - name: a\n    in: nowhere\n    run: 'true'\n` });
    const r = await cli(['check', dir]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:6:9: unknown netns "nowhere"/);
  });
});

describe('netrecipes shell fed by a pipe', () => {
  it('ends when its input ends, whatever the shell was doing when it did, and SIGTERM hangs it up', async () => {
    const dir = await scenarioDir({ 's.yaml': `${HEAD('s')}steps:\n  - { name: nothing, run: "true" }\n` });
    for (let i = 0; i < 3; i++) {
      const r = await execa('node', ['bin/netrecipes.js', 'shell', `${dir}/s.yaml`], {
        cwd: ROOT,
        reject: false,
        all: true,
        input: 'echo piped-$((1+1))\nhostname\n',
        timeout: 30_000,
        env: { NO_COLOR: '1' },
      });
      expect(r.timedOut, r.all).toBe(false);
      expect(r.all).toMatch(/^piped-2\r?$/m);
    }
    const waiting = execa('node', ['bin/netrecipes.js', 'shell', `${dir}/s.yaml`], {
      cwd: ROOT,
      reject: false,
      all: true,
      stdin: 'pipe',
      env: { NO_COLOR: '1' },
    });
    let seen = '';
    waiting.all?.on('data', (d: Buffer) => (seen += d.toString()));
    for (let t = 0; t < 100 && !seen.includes('shell inside'); t++) await sleep(100);
    waiting.stdin.write('sleep 100\n');
    await sleep(500);
    waiting.kill('SIGTERM');
    const r = await Promise.race([waiting, sleep(15_000).then(() => 'still running')]);
    expect(r).not.toBe('still running');
  });
});
