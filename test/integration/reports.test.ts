// The readable reports: HTML (checked in a real headless Chromium), Markdown, KTAP, GitHub
// annotations and job summary under a fake Actions environment, the compatibility matrix
// merge, and the workflows (validated by a workflow linter).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { execa } from 'execa';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { HEAD, ROOT, VETH_STEP, cli, scenarioDir, tempDir } from './helpers.js';
import { BACKENDS, BACKEND_NAMES } from '../../harness/backends/choices.js';

const FAILING = `${HEAD('report-fail')}world: {}
steps:
${VETH_STEP('a namespace behind a veth pair')}  - name: ns0 reaches the internet (it has no default route)
    in: ns0
    run: ping -c 1 -W 1 203.0.113.10
    expect: { ping: ok }
`;

let out: string;
let run: Awaited<ReturnType<typeof cli>>;
let gh: { out: string; summary: string; output: string; stdout: string };

describe('reports of a failing run', () => {
  beforeAll(async () => {
    const dir = await scenarioDir({ 'fail.yaml': FAILING, 'pass.yaml': `${HEAD('report-pass')}steps:\n  - name: ok\n    run: ip link show lo\n` });
    out = await tempDir();
    run = await cli(['run', dir, '--out', out, '--tap', join(out, 'results.ktap')]);
    const ghDir = await tempDir();
    const summary = join(ghDir, 'summary.md');
    const output = join(ghDir, 'output.txt');
    writeFileSync(summary, '');
    writeFileSync(output, '');
    const r = await execa('node', ['bin/netrecipes.js', 'run', dir, '--out', join(ghDir, 'reports')], {
      cwd: ROOT,
      reject: false,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, NO_COLOR: '1' },
    });
    gh = { out: ghDir, summary: readFileSync(summary, 'utf8'), output: readFileSync(output, 'utf8'), stdout: String(r.stdout) };
  }, 120_000);

  it('shows the failing step, its diagnostics and the topology without scrolling, in a real browser', async () => {
    expect(run.exitCode).toBe(1);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`file://${join(out, 'index.html')}`);
      const card = page.locator('.failing-step').first();
      await expect(card.textContent()).resolves.toContain('step 2 "ns0 reaches the internet (it has no default route)"');
      await expect(card.textContent()).resolves.toContain('ping: expected ping ok');
      await expect(card.locator('.explanation').textContent()).resolves.toBe('why: no route to 203.0.113.10 in ns0 (ip route get: Network is unreachable)');
      expect(await page.locator('tr.step-fail details[open] summary:has-text("output")').count()).toBe(1);
      const box = await card.boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(800);
      expect(await page.locator('details.scenario[open] svg.topology').count()).toBe(1);
      expect(await page.locator('svg.topology .veth').count()).toBeGreaterThanOrEqual(3); // uplink, client, v0-c0
      expect(await page.locator('details.scenario[open] summary:has-text("diagnostics after the failure")').count()).toBe(1);
      expect(await card.locator('.where a').getAttribute('href')).toMatch(/^\.\.\/.*fail\.yaml#L13$/);
      expect(await page.locator('details.scenario[open] .legend').textContent()).toContain('world and client (yellow): the hidden outside network');
      expect(await page.locator('details.scenario[open] svg.topology .route').allTextContents()).toContainEqual(
        expect.stringMatching(/^→ default via \S+ dev eth0$/),
      );
      await page.locator('label[for="show-pass"]').click();
      expect(await page.locator('details.scenario.outcome-fail').isVisible()).toBe(false);
      expect(await page.locator('details.scenario.outcome-pass').isVisible()).toBe(true);
      await page.locator('label[for="show-all"]').click();
      const shot = join(out, 'report.png');
      await page.screenshot({ path: shot });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });

  it('writes a self-contained page, a Markdown summary and KTAP', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/^## netrecipes: 1 passed, 1 failed, 0 skipped/);
    expect(md).toMatch(/\*\*report-fail\*\* `.*fail\.yaml:\d+` step 2/);
    const tap = readFileSync(join(out, 'results.ktap'), 'utf8');
    expect(tap).toMatch(/^KTAP version 1\n1\.\.2\n/);
    expect(tap).toContain('    not ok 2 ns0 reaches the internet (it has no default route)');
    expect(tap).toMatch(/^not ok \d report-fail$/m);
    expect(tap).toMatch(/^ok \d report-pass$/m);
  });

  it('annotates the YAML line, writes the job summary and outputs under GitHub Actions', () => {
    expect(gh.stdout).toMatch(
      /^::error title=report-fail%3A step 2 "ns0 reaches the internet \(it has no default route\)",file=.*fail\.yaml,line=13,col=5::ping: expected ping ok/m,
    );
    expect(gh.summary).toContain('## netrecipes: 1 passed, 1 failed');
    expect(gh.output).toMatch(/failed<<.*\n1\n/);
    expect(gh.output).toMatch(/passed<<.*\n1\n/);
  });

  it('explains the failed ping in the terminal, summary.md and JUnit', () => {
    const why = 'why: no route to 203.0.113.10 in ns0 (ip route get: Network is unreachable)';
    expect(String(run.stdout)).toContain(`    ${why}`);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(`  - ${why}`);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(new RegExp(`<failure [^>]*>${why.replace(/[()]/g, '\\$&')}\n`));
  });

  it('does none of that outside GitHub Actions', () => {
    expect(String(run.stdout)).not.toContain('::error');
  });
});

describe('report merge', () => {
  it('builds the matrix from several runs and shows what changed since the previous merge', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const dir = await scenarioDir({ 'x.yaml': `${HEAD('merge-x')}steps:\n  - name: ok\n    run: 'true'\n` });
    await cli(['run', dir, '--out', a]);
    const xml = readFileSync(join(a, 'junit.xml'), 'utf8');
    // A second "run" on another kernel where the scenario failed.
    writeFileSync(
      join(b, 'junit.xml'),
      xml.replace(/name="kernel" value="[^"]+"/, 'name="kernel" value="5.10.0-bullseye"').replace('name="outcome" value="pass"', 'name="outcome" value="fail"'),
    );
    const m1 = await tempDir();
    const r1 = await cli(['report', 'merge', join(a, 'junit.xml'), join(b, 'junit.xml'), '--out', m1]);
    expect(r1.exitCode, r1.all).toBe(0);
    expect(r1.stdout).toMatch(/\| merge-x \| (✅ \| ❌|❌ \| ✅) \|/);
    expect(existsSync(join(m1, 'matrix.html'))).toBe(true);
    // The next merge: the old kernel passes again.
    writeFileSync(join(b, 'junit.xml'), xml.replace(/name="kernel" value="[^"]+"/, 'name="kernel" value="5.10.0-bullseye"'));
    const r2 = await cli(['report', 'merge', join(a, 'junit.xml'), join(b, 'junit.xml'), '--out', await tempDir(), '--previous', join(m1, 'matrix.json')]);
    expect(r2.stdout).toMatch(/newly passing: \*\*merge-x\*\* on netns · 5\.10\.0-bullseye/);
    expect(r2.exitCode, r2.all).toBe(0);
    expect(r1.stdout).toContain('1 scenario x 2 columns from 2 files');
  });

  it('exits 1 when a cell newly fails against --previous (a job can gate on it), 0 with --no-fail-on-regression', async () => {
    const a = await tempDir();
    const dir = await scenarioDir({ 'x.yaml': `${HEAD('merge-y')}steps:\n  - name: ok\n    run: 'true'\n` });
    await cli(['run', dir, '--out', a]);
    const m1 = await tempDir();
    expect((await cli(['report', 'merge', join(a, 'junit.xml'), '--out', m1])).exitCode).toBe(0);
    const b = await tempDir();
    writeFileSync(join(b, 'junit.xml'), readFileSync(join(a, 'junit.xml'), 'utf8').replace('name="outcome" value="pass"', 'name="outcome" value="fail"'));
    const r = await cli(['report', 'merge', join(b, 'junit.xml'), '--out', await tempDir(), '--previous', join(m1, 'matrix.json')]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toMatch(/newly failing: \*\*merge-y\*\*/);
    expect(r.stderr).toContain('1 cell newly failing');
    const allowed = await cli([
      'report',
      'merge',
      join(b, 'junit.xml'),
      '--out',
      await tempDir(),
      '--previous',
      join(m1, 'matrix.json'),
      '--no-fail-on-regression',
    ]);
    expect(allowed.exitCode).toBe(0);
  });
});

/** The bash of the action's step `index`. */
const actionStep = (index: number) => (YAML.parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action).runs.steps[index]!.run!;
interface Action {
  inputs: Record<string, { description: string }>;
  runs: { steps: { id?: string; run?: string }[] };
}

describe('workflows and the action', () => {
  for (const f of ['test.yml', 'matrix.yml'])
    it(`${f} passes the workflow linter and runs the suite through the repository's action`, () => {
      const text = readFileSync(join(ROOT, '.github/workflows', f), 'utf8');
      expect((validateWorkflow(text) as { errors: unknown[] }).errors).toEqual([]);
      expect(text).toMatch(/uses: \.\/\n/);
    });

  it("action.yml passes the action linter; init's workflow passes the workflow linter", async () => {
    expect(validateAction(readFileSync(join(ROOT, 'action.yml'), 'utf8')).errors).toEqual([]);
    const { initFiles } = await import('../../harness/cli/init-command.js');
    expect(validateWorkflow(initFiles(await tempDir())['.github/workflows/netrecipes.yml']!).errors).toEqual([]);
  });

  it("the action stops with exit 3 naming the mirror input when a backend needs Debian and apt is not Debian's", async () => {
    const fake = await tempDir();
    writeFileSync(join(fake, 'os-release'), 'ID=ubuntu\nID_LIKE=debian\n');
    const script = actionStep(0)
      .replaceAll('/etc/os-release', join(fake, 'os-release'))
      .replace(/sudo .*setup\.sh.*/, 'echo would-set-up');
    const run = (env: Record<string, string>) =>
      execa('bash', ['-c', script], { reject: false, all: true, env: { ...env, GITHUB_ACTION_PATH: ROOT }, extendEnv: false });
    const stopped = await run({ BACKENDS: 'netns,qemu', NETRECIPES_DEBIAN_MIRROR: '', PATH: process.env.PATH! });
    expect(stopped.exitCode).toBe(3);
    expect(stopped.stdout).toMatch(/^::error title=netrecipes::.*not Debian's: set the action's debian-mirror input \(NETRECIPES_DEBIAN_MIRROR\)/);
    expect((await run({ BACKENDS: 'netns', NETRECIPES_DEBIAN_MIRROR: '', PATH: process.env.PATH! })).stdout).toBe('would-set-up');
    expect((await run({ BACKENDS: 'qemu', NETRECIPES_DEBIAN_MIRROR: 'http://mirror.invalid/debian', PATH: process.env.PATH! })).stdout).toBe('would-set-up');
  });

  it('the action gives each backend the inputs of the options it takes, and its inputs name the backends that take them', async () => {
    const script = actionStep(2)
      .replace(/sudo -E .* run (.*) && rc=0 .*/, 'echo $1 && rc=0')
      .replace(/\nsudo chown .*/, '');
    const env = {
      BACKENDS: BACKEND_NAMES.join(','),
      DISTRO: 'trixie',
      IPTABLES: 'legacy',
      KERNEL: '6.12',
      OUT: 'out',
      PATH: process.env.PATH!,
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_OUTPUT: '/dev/null',
    };
    const r = await execa('bash', ['-c', script], { env, extendEnv: false });
    const given = (o: 'distro' | 'iptables' | 'kernel') =>
      r.stdout
        .split('\n')
        .filter((l) => l.includes(`--${o} `))
        .map((l) => l.split(' ')[1]);
    const action = YAML.parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
    const named = (input: string) => BACKEND_NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(action.inputs[input]!.description));
    expect(named('backends')).toEqual(BACKEND_NAMES);
    for (const o of ['distro', 'iptables', 'kernel'] as const) {
      const takers = BACKENDS.filter((b) => b.takes.includes(o)).map((b) => b.name);
      expect(given(o), o).toEqual(takers);
      expect(named(o), o).toEqual(takers);
    }
  });
});
