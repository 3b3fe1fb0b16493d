// CI at scale, run for real: three --shard jobs run every bundled scenario exactly once and merge
// into one table; --retries reruns a failing scenario (Surefire's rerunFailure) and reports one
// that passes on its second run as flaky (flakyFailure); the config's quarantine list, --bail,
// -v, and the live block that only a terminal outside CI gets.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { XMLParser } from 'fast-xml-parser';
import { describe, it } from 'vitest';
import { CLI, ROOT, cli, scenarioDir, tempDir, validateJunit } from './helpers.js';

interface Testcase {
  name: string;
  failure?: unknown;
  rerunFailure?: { type: string; message: string; stackTrace: string; 'system-out'?: string }[];
  flakyFailure?: { type: string; message: string; stackTrace: string; 'system-out'?: string }[];
  skipped?: { message: string };
}
interface Suite {
  properties: { property: { name: string; value: string }[] };
  testcase: Testcase[];
}

/** The scenario suites of a JUnit file: their properties as a map, and their test cases. */
async function suites(file: string): Promise<{ props: Record<string, string>; cases: Testcase[] }[]> {
  const many = new Set(['testsuite', 'testcase', 'property', 'rerunFailure', 'flakyFailure']);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => many.has(name) });
  const doc = parser.parse(await readFile(file, 'utf8')) as { testsuites: { testsuite?: Suite[] } };
  return (doc.testsuites.testsuite ?? []).map((s) => ({ props: Object.fromEntries(s.properties.property.map((p) => [p.name, p.value])), cases: s.testcase }));
}

const SCENARIO = (id: string, steps: string) => `id: ${id}\ntitle: ${id}\nsource: { doc: seeds/test.txt, section: test }\nsteps:\n${steps}`;
/** Fails every time: nothing in the sandbox has 10.9.0.2. */
const ALWAYS_FAILS = SCENARIO(
  'always-fails',
  `  - name: lo is up
    run: ip link set lo up
  - name: nobody answers 10.9.0.2
    run: ping -c1 -W1 10.9.0.2
    expect: { ping: { received: 1 } }
`,
);
/** Fails on its first run, passes on any rerun: the runner gives a rerun's steps $NETRECIPES_ATTEMPT. */
const SECOND_TRY = SCENARIO(
  'second-try',
  `  - name: passes from the second run on
    run: echo "attempt \${NETRECIPES_ATTEMPT:-1}"; test "\${NETRECIPES_ATTEMPT:-1}" -ge 2
`,
);

// The tests are independent (each its own folders and caches): they run side by side.
describe.concurrent('--shard', () => {
  it('three shards run every bundled scenario exactly once, and report merge gives one table', async ({ expect }) => {
    const listed = await cli(['list', '--json', '--bundled']);
    const all = (JSON.parse(listed.stdout) as { scenarios: { id: string }[] }).scenarios.map((s) => s.id).sort();
    expect(all.length).toBeGreaterThan(20);

    // Three CI jobs side by side, each from the same duration cache: here none, so the split is by step counts.
    const out = await tempDir();
    const caches = [1, 2, 3].map((i) => join(out, `cache-${i}`));
    const runs = await Promise.all(
      [1, 2, 3].map((i) => cli(['run', '--bundled', '--shard', `${i}/3`, '--out', join(out, `shard-${i}`)], { env: { NETRECIPES_CACHE: caches[i - 1]! } })),
    );
    const ran: string[] = [];
    for (const [n, r] of runs.entries()) {
      const i = n + 1;
      expect(r.exitCode, r.all).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`shard ${i}/3: \\d+ of ${all.length} scenarios, split by step counts`));
      expect(r.stdout).not.toMatch(/\u001b\[/); // not a terminal: no live block, no colours
      const ids = (await suites(join(out, `shard-${i}`, 'junit.xml'))).map((s) => s.props.scenario!);
      expect(ids.length).toBeGreaterThan(0);
      ran.push(...ids);
    }
    expect(ran.sort()).toEqual(all);

    const merged = await cli(['report', 'merge', ...[1, 2, 3].map((i) => join(out, `shard-${i}`, 'junit.xml')), '--out', join(out, 'matrix')]);
    expect(merged.exitCode, merged.all).toBe(0);
    const rows = merged.stdout.split('\n').filter((l) => /^\| [a-z]/.test(l) && !l.startsWith('| scenario'));
    expect(rows.map((l) => l.split(' | ')[0]!.slice(2)).sort()).toEqual(all);
    expect(rows.every((l) => l.endsWith('| ✅ |'))).toBe(true);
    expect(merged.stdout).toContain(`${all.length} scenarios x 1 column from 3 files`);

    // With the timings those jobs recorded, the split is by time: still each scenario once, and balanced.
    const timings: Record<string, Record<string, number>> = {};
    for (const c of caches)
      for (const [backend, t] of Object.entries(JSON.parse(await readFile(join(c, 'durations.json'), 'utf8')) as typeof timings))
        Object.assign((timings[backend] ??= {}), t);
    const shared = join(out, 'cache-shared');
    await mkdir(shared);
    await writeFile(join(shared, 'durations.json'), JSON.stringify(timings));
    const ms = (id: string) => Object.entries(timings.netns!).find(([k]) => k.endsWith(`#${id}`))![1];
    const shares = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const r = await cli(['list', '--json', '--bundled', '--shard', `${i}/3`], { env: { NETRECIPES_CACHE: shared } });
        return (JSON.parse(r.stdout) as { scenarios: { id: string }[] }).scenarios.map((s) => s.id);
      }),
    );
    expect(shares.flat().sort()).toEqual(all);
    const loads = shares.map((ids) => ids.reduce((n, id) => n + ms(id), 0));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(...all.map(ms)));
  }, 300_000); // the whole bundled suite, once, under whatever load the machine has

  it('refuses a shard that is not i/n with 1 <= i <= n, and counts that are not whole numbers', async ({ expect }) => {
    const r = await cli(['list', '--shard', '4/3']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--shard takes i/n with 1 <= i <= n, e.g. 2/3, not "4/3"');
    // Counts are checked before a sandbox is made or anything is said: exit 2 with one line.
    const [bail, retries] = await Promise.all([cli(['run', '--bail', 'scenarios']), cli(['run', '--retries', 'two'])]);
    expect([bail.exitCode, bail.stderr]).toEqual([
      2,
      'netrecipes: --bail takes a whole number >= 1, not "scenarios" (before a path, write --bail 1, or put --bail last)',
    ]);
    expect([retries.exitCode, retries.stderr]).toEqual([2, 'netrecipes: --retries takes a whole number >= 0, not "two"']);
  });
});

describe.concurrent('--retries, quarantine, --bail, -v', () => {
  it('reruns a failing scenario, reports a second-try pass as flaky, and exits 1 only for the failure', async ({ expect }) => {
    const dir = await scenarioDir({ 'always-fails.yaml': ALWAYS_FAILS, 'second-try.yaml': SECOND_TRY });
    const out = await tempDir();
    const r = await cli(['run', dir, '--retries', '2', '--out', out]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toContain('↻ always-fails attempt 1 of 3 failed: rerunning in a fresh sandbox (attempt 2 of 3)');
    expect(r.stdout).toContain('↻ always-fails attempt 2 of 3 failed: rerunning in a fresh sandbox (attempt 3 of 3)');
    expect(r.stdout).toContain('~ second-try 1/1 steps');
    expect(r.stdout).toContain('flaky: passed on attempt 2 after 1 failed run');
    expect(r.stdout).toMatch(/0 passed, 1 failed, 0 skipped, 1 flaky \(2 scenario runs/);

    const junit = join(out, 'junit.xml');
    const valid = await validateJunit(junit);
    expect(valid.ok, valid.output).toBe(true);
    const bySuite = Object.fromEntries((await suites(junit)).map((s) => [s.props.scenario, s]));
    const failing = bySuite['always-fails']!;
    expect(failing.props.outcome).toBe('fail');
    expect(failing.props.attempts).toBe('3');
    const pingCase = failing.cases[1]!;
    expect(pingCase.failure).toBeDefined(); // the last run's, as without --retries
    expect(pingCase.rerunFailure).toHaveLength(2);
    expect(pingCase.rerunFailure!.map((e: { message: string }) => e.message.slice(0, 14))).toEqual(['attempt 1 of 3', 'attempt 2 of 3']);
    expect(pingCase.rerunFailure![0]!.stackTrace).toContain('expected: received 1');
    expect(pingCase.rerunFailure![0]!['system-out']).toContain('$ ping -c1 -W1 10.9.0.2');
    expect(failing.cases[0]!.rerunFailure).toBeUndefined(); // step 1 passed every time

    const second = bySuite['second-try']!;
    expect(second.props.outcome).toBe('flaky');
    expect(second.cases[0]!.failure).toBeUndefined();
    expect(second.cases[0]!.flakyFailure).toHaveLength(1);
    expect(second.cases[0]!.flakyFailure![0]!['system-out']).toContain('attempt 1');
    const md = await readFile(join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/^## netrecipes: 0 passed, 1 failed, 0 skipped, 1 flaky/);
    expect(md).toContain('### Flaky (failed, then passed on a rerun)\n\n- **second-try**: run 1 failed at step 1');
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<ul class="flaky"><li>run 1 of 2 failed at step 1 &quot;passes from the second run on&quot;');
    expect(html).toContain('<label for="show-flaky">flaky (1)</label>');

    // The same scenarios with always-fails quarantined: reported, the run passes; report merge gives the flake rate.
    await writeFile(join(dir, 'netrecipes.config.json'), JSON.stringify({ scenarios: ['*.yaml'], quarantine: ['always-fails'] }));
    const out2 = await tempDir();
    const q = await cli(['run', '--retries', '1', '--out', out2], { cwd: dir });
    expect(q.exitCode, q.all).toBe(0);
    expect(q.stdout).toContain('✗ always-fails (quarantined)');
    expect(q.stdout).toMatch(/0 passed, 1 failed, 0 skipped, 1 flaky, 1 quarantined failure \(not failing the run\)/);
    expect((await suites(join(out2, 'junit.xml'))).find((s) => s.props.scenario === 'always-fails')!.props.quarantined).toBe('true');

    const merged = await cli(['report', 'merge', junit, join(out2, 'junit.xml'), '--out', join(out2, 'matrix')]);
    expect(merged.exitCode, merged.all).toBe(0);
    expect(merged.stdout).toMatch(/\| second-try \| netns · [^|]+ \| 2 \| 0 \| 2 \| 100% \|/);
    expect(merged.stdout).not.toMatch(/\| always-fails \| netns · [^|]+ \| \d+ \| \d+ \| \d+ \| \d+% \|/);
  }, 300_000); // seven sandboxes one after another, each failure explained, beside the shards' whole suite

  it('says a quarantined id that names no scenario of the project, with the nearest one', async ({ expect }) => {
    const dir = await scenarioDir({ 'always-fails.yaml': ALWAYS_FAILS, 'second-try.yaml': SECOND_TRY });
    await writeFile(join(dir, 'netrecipes.config.json'), JSON.stringify({ scenarios: ['*.yaml'], quarantine: ['always-fail'] }));
    const typo = await cli(['run', '--out', await tempDir()], { cwd: dir });
    expect(typo.exitCode, typo.all).toBe(1);
    expect(typo.stderr).toContain('netrecipes.config.json: quarantine names no scenario "always-fail" (did you mean "always-fails"?)');
  });

  it('--bail stops starting scenarios after the first failure; -v prints each command and its output', async ({ expect }) => {
    const dir = await scenarioDir({ 'always-fails.yaml': ALWAYS_FAILS, 'second-try.yaml': SECOND_TRY });
    // An empty duration cache: the scenario with the most steps (always-fails) starts first.
    const r = await cli(['run', dir, '--bail', '--jobs', '1', '-v', '--out', await tempDir()], { env: { NETRECIPES_CACHE: await tempDir() } });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toContain('- second-try 0/1 steps, 1 skipped, 0 ms — skipped: --bail 1: 1 scenario failed before it started');
    expect(r.stdout).toMatch(/0 passed, 1 failed, 1 skipped/);
    expect(r.stdout).toMatch(/✓ always-fails#1 lo is up \([^)]+\)\n {6}\$ ip link set lo up\n/);
    expect(r.stdout).toMatch(
      /✗ always-fails#2 nobody answers 10\.9\.0\.2 [^\n]+\n {6}\$ ping -c1 -W1 10\.9\.0\.2\n {6}ping: connect: Network is unreachable\n/,
    );
  });

  it('shows the running scenarios live on a terminal once a run has lasted a few seconds, never in CI', async ({ expect }) => {
    const dir = await scenarioDir({ 'slow.yaml': SCENARIO('slow-one', '  - name: four seconds\n    run: sleep 4\n') });
    // script(1) gives the run a terminal of its own; its output is what that terminal showed.
    const onTerminal = (env: Record<string, string>) =>
      execa('script', ['-qec', `stty cols 120 rows 40; node ${CLI} run ${dir} --out ${join(dir, 'reports')} 2>/dev/null`, '/dev/null'], {
        cwd: ROOT,
        reject: false,
        env,
        extendEnv: false,
      });
    const base = { PATH: process.env.PATH!, HOME: process.env.HOME!, TERM: 'xterm' };
    const [tty, ci] = await Promise.all([onTerminal(base), onTerminal({ ...base, CI: 'true' })]);
    expect(tty.exitCode, tty.stdout).toBe(0);
    expect(tty.stdout).toContain('slow-one \u001b[2mstep 1/1: four seconds');
    expect(ci.exitCode, ci.stdout).toBe(0);
    expect(ci.stdout).not.toContain('step 1/1: four seconds');
    expect(ci.stdout).toContain('slow-one');
  });
});
