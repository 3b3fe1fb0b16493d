// Truthful verdicts end to end: a parsed expectation never hides a failed command, patterns
// mean the same everywhere, and every mistake in a file is caught by `check` with its position.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAD, VETH_STEP, cli, scenarioDir, tempDir } from './helpers.js';

const run = async (files: Record<string, string>, ...args: string[]) => {
  const out = await tempDir();
  const r = await cli(['run', await scenarioDir(files), '--out', out, ...args]);
  return { ...r, out, junit: () => readFileSync(join(out, 'junit.xml'), 'utf8'), summary: () => readFileSync(join(out, 'summary.md'), 'utf8') };
};
const check = async (files: Record<string, string>) => cli(['check', await scenarioDir(files)]);

describe.concurrent('bug 1: ping and curl never hide the step exit status', () => {
  it('a ping that works followed by a failing command fails the step', async () => {
    const r = await run({
      'p.yaml': `${HEAD('ping-then-fail')}steps:
${VETH_STEP('pair')}  - name: ping then a failing command
    in: ns0
    run: |
      ping -c 1 -W 1 10.9.0.1
      ip link delete nosuch
    expect: { ping: ok }
`,
    });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/ping then a failing command.*exit: expected exit 0, got exit/);
  });
  it('a curl whose body matches followed by a failing command fails the step', async () => {
    const r = await run({
      'c.yaml': `${HEAD('curl-then-fail')}steps:
  - name: curl, then a failing command
    run: |
      curl -sS file:///etc/os-release
      ip link delete nosuch
    expect: { curl: { body: { contains: PRETTY_NAME } } }
`,
    });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/curl, then a failing command.*exit: expected exit 0, got exit 1/);
  });
  it('check rejects a step with two pings under one ping expectation, at its position', async () => {
    const r = await check({
      'two.yaml': `${HEAD('two-pings')}steps:
${VETH_STEP('pair')}  - name: two pings
    in: ns0
    run: |
      ping -c 1 -W 1 10.9.0.1
      ping -c 1 -W 1 10.9.0.3
    expect: { ping: ok }
`,
    });
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toMatch(/two\.yaml:17:\d+: .*2 ping commands.*split/);
  });
});

describe.concurrent('bug 4: bad regexes are caught at load, and a run-time error is an <error>', () => {
  it('check rejects a bad regex inside a list pattern, a capture pattern and an iptables rule, each at its position', async () => {
    const r = await check({
      'bad-re.yaml': `${HEAD('bad-re')}steps:
  - name: routes
    expect:
      routes: { has: [{ dst: '/[/' }] }
      iptables: { chain: FORWARD, rule: '/(/' }
`,
    });
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toMatch(/bad-re\.yaml:7:30: invalid regex/);
    expect(r.stderr).toMatch(/bad-re\.yaml:8:41: invalid regex/);
  });
  it("an error thrown while judging a step is that step's <error>, with its line", async () => {
    const r = await run({
      'rt.yaml': `${HEAD('runtime-error')}steps:
  - name: save a bracket
    run: echo '['
    save: { OPEN: '^(\\S+)$' }
  - name: a regex made of it at run time
    run: echo hi
    expect: { stdout: { regex: '\${OPEN}' } }
`,
    });
    expect(r.exitCode, r.all).toBe(3);
    const xml = r.junit();
    expect(xml).toMatch(/<testsuite name="runtime-error[^>]* errors="1"/);
    expect(xml).toMatch(
      /<testcase name="02 a regex made of it at run time"[^>]*>\s*<error [^>]*message="[^"]*rt\.yaml:8:5: [^"]*PatternError: invalid regex \/\[\/: missing closing \]/,
    );
  });
});

describe.concurrent('bug 3: a netns made inside another netns', () => {
  it('check rejects `ip netns add` in an `in: X` step and later references to it, at their positions', async () => {
    const r = await check({
      'inner.yaml': `${HEAD('inner-netns')}steps:
  - name: outer
    run: ip netns add outer
  - name: inner, made from inside outer
    in: outer
    run: ip netns add inner
  - name: uses inner
    in: inner
    run: ip link
`,
    });
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toMatch(/inner\.yaml:9:10: .*"inner" made inside netns "outer" is gone when the step ends/);
    expect(r.stderr).toMatch(/inner\.yaml:11:9: unknown netns "inner"/);
  });
});

describe.concurrent('bug 6: a failed exit shows the failing line and the last stderr lines', () => {
  const FAILING = (where: string) => `    in: ${where}
    run: |
      echo starting
      echo "a first complaint" >&2
      ip link delete nosuch
      echo never reached
`;
  for (const where of ['host', 'ns0', 'client']) {
    it(`in ${where}: console and summary.md name line 3 and show its stderr`, async () => {
      const r = await run({
        'f.yaml': `${HEAD(`fails-in-${where}`)}world: {}
steps:
${VETH_STEP('pair')}  - name: fails on its third line
${FAILING(where)}`,
      });
      expect(r.exitCode, r.all).toBe(1);
      const shown = /expected exit 0, got exit 1 at line 3 \(ip link delete nosuch\); stderr: a first complaint \\?\| Cannot find device "nosuch"/;
      expect(r.all).toMatch(shown);
      expect(r.summary()).toMatch(shown);
      expect(r.junit()).not.toContain('netrecipes-failed-line');
    });
  }
  it('keeps the marker out of what expectations see when a failure is expected', async () => {
    const r = await run({
      'x.yaml': `${HEAD('expected-failure')}steps:
  - name: fails, as expected
    run: ip link delete nosuch
    expect: { exit: nonzero, transcript: ['Cannot find device "nosuch"'] }
`,
    });
    expect(r.exitCode, r.all).toBe(0);
  });
});

describe.concurrent('format: source is optional', () => {
  const PLAIN = `id: plain-regression\ntitle: a regression test with no article\nsteps:\n  - name: lo is up\n    expect: { links: { has: [{ ifname: lo }] } }\n`;
  it('a scenario without source: checks, runs, and is left out of the docs drift check', async () => {
    const dir = await scenarioDir({ 'plain.yaml': PLAIN });
    expect((await cli(['check', dir])).exitCode).toBe(0);
    const r = await run({ 'plain.yaml': PLAIN });
    expect(r.exitCode, r.all).toBe(0);
    const docs = await cli(['docs', 'check', dir, '--docs', await tempDir()]);
    expect(docs.exitCode, docs.all).toBe(0);
    expect(docs.stdout).toMatch(/0 scenarios checked/);
  });
});

describe.concurrent('format: interrupt_after and ready: { started: true }', () => {
  it('interrupt_after sends SIGINT to a command an article stops with Ctrl-C, and judges what it printed', async () => {
    const r = await run(
      {
        'i.yaml': `${HEAD('interrupted')}steps:
  - name: ping until Ctrl-C
    run: ping -i 0.2 127.0.0.1
    interrupt_after: 1s
    expect: { ping: { kind: ok, transmitted: '>=3' } }
  - name: ip monitor until Ctrl-C, while an address is added
    run: |
      (sleep 0.3; ip addr add 127.0.0.9/8 dev lo) &
      ip monitor address
    interrupt_after: 1s
    expect: { stdout: '127.0.0.9/8' }
  - name: a background that prints nothing is ready once it runs
    background: sleep 30
    ready: { started: true }
  - name: it is running
    run: pgrep -x sleep
`,
      },
      '-v',
    );
    expect(r.exitCode, r.all).toBe(0);
  });
  it('check refuses interrupt_after on a step without run, or not shorter than the step timeout', async () => {
    const r = await check({
      'bad.yaml': `${HEAD('bad-interrupt')}steps:
  - name: a
    background: sleep 5
    interrupt_after: 1s
  - name: b
    run: ping 127.0.0.1
    interrupt_after: 20s
`,
    });
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:7:22: interrupt_after belongs to a run step/);
    expect(r.stderr).toMatch(/bad\.yaml:10:22: interrupt_after \(20000 ms\) must be shorter than the step timeout \(10000 ms\)/);
  });
});

describe.concurrent('format: xfail with when and failure', () => {
  it('an xfail must fail for the named reason; a different failure is a failure', async () => {
    const r = await run({
      'x.yaml': `${HEAD('xfail-reason')}steps:
  - name: fails, but not for the reason given
    xfail: { reason: no route here, failure: '/ping: expected ping ok, got network-unreachable/' }
    run: ip link delete nosuch
    expect: { stdout: never }
`,
    });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/failed, but not as xfail expects \(\/ping: expected ping ok, got network-unreachable\/\): exit: expected exit 0/);
  });
  it('xfail.when limits the expected failure to matching kernels; elsewhere the step must pass', async () => {
    const r = await run(
      {
        'w.yaml': `${HEAD('xfail-when')}steps:
  - name: expected to fail only on ancient kernels, passes here
    xfail: { reason: fixed in 3.0, when: { kernel: '<3.0' } }
    run: 'true'
  - name: expected to fail on every kernel from 3.0, fails here
    xfail: { reason: broken since 3.0, when: { kernel: '>=3.0' }, failure: 'exit' }
    run: 'false'
`,
      },
      '-v',
    );
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/x xfail-when#2 .*expected failure \(broken since 3\.0\)/);
  });
});
