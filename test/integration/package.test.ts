// netrecipes as another project gets it: `npm pack`, the tarball installed into an empty
// project, `netrecipes init`, `netrecipes run`, the API imported from a .mjs file and its types
// checked from a .ts file, and the installed files: every backend's assets, no tests.
import { cpSync, existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { distIsCurrent } from '../../bin/dist-freshness.js';
import { ROOT, tempDir } from './helpers.js';

let project: string;
let installed: string;
let packed: { path: string }[];

const npm = (args: string[], cwd: string) => execa('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, all: true, env: { NO_COLOR: '1' } });
const netrecipes = (args: string[]) =>
  execa('node', [join(installed, 'bin/netrecipes.js'), ...args], { cwd: project, reject: false, all: true, env: { NO_COLOR: '1' } });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** A project's script that runs the example through the API, then on a backend of its own. */
const API_SCRIPT = `import { backendNamed, exitCodeOf, loadScenarios, prepareFor, runScenario, runScenarios, writeReports } from 'netrecipes';
const { scenarios, errors } = await loadScenarios(['scenarios/example.yaml']);
const summary = await runScenarios(scenarios, { backend: 'netns', jobs: 1 });
const paths = await writeReports(summary, { out: 'api-reports' });
// a backend of one's own, readied as the README shows
const backend = backendNamed('netns');
const shortfalls = await backend.check();
await prepareFor(backend, scenarios);
const own = await runScenario(scenarios[0], { backend });
await backend.close();
console.log(JSON.stringify({ errors: errors.length, outcomes: summary.results.map((r) => [r.scenario.id, r.outcome]), junit: paths.junit, exit: exitCodeOf(summary), shortfalls, own: own.outcome }));
`;

/** Packs the checkout and installs the tarball into an empty project. */
async function packAndInstall(): Promise<void> {
  // Packed from a copy of the checkout, so that its build (prepare) leaves this dist/ alone
  // while other tests run the CLI.
  const checkout = await tempDir('netrecipes-checkout-');
  const { stdout } = await execa('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
  for (const f of stdout.split('\n').filter((x) => x && existsSync(join(ROOT, x)))) cpSync(join(ROOT, f), join(checkout, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
  // `npm pack` builds dist/ (prepare) first: when this checkout's build is newer than every
  // source, that build is the same, and taking it saves the test suite a whole tsc run.
  const built = distIsCurrent(ROOT);
  if (built) cpSync(join(ROOT, 'dist'), join(checkout, 'dist'), { recursive: true });
  const dest = await tempDir('netrecipes-pack-');
  const pack = await npm(['pack', '--json', '--pack-destination', dest, ...(built ? ['--ignore-scripts'] : [])], checkout);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  packed = info!.files;
  project = await tempDir('netrecipes-project-');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'someone-elses-recipes', private: true, type: 'module' }));
  await npm(['install', '--prefer-offline', join(dest, info!.filename)], project);
  installed = join(project, 'node_modules/netrecipes');
}

describe('the npm package in an empty project', () => {
  beforeAll(packAndInstall, 180_000);

  it("ships compiled JavaScript, types, every backend's assets and no tests", () => {
    const files = packed.map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('action.yml');
    expect(files.filter((f) => /(^|\/)test\/|\.test\.|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    const installedFiles = new Set(filesUnder(installed));
    // What the modules read at run time (scripts beside them) and what the VM backends boot from.
    const assets = filesUnder(join(ROOT, 'harness'))
      .filter((f) => !f.endsWith('.ts'))
      .map((f) => `dist/${f}`);
    const vm = filesUnder(join(ROOT, 'vm')).map((f) => `vm/${f}`);
    expect(assets).toContain('dist/world/world.sh');
    expect(vm).toContain('vm/fetch-kernel.sh');
    expect([...assets, ...vm, 'scripts/setup.sh', 'scripts/backends.txt'].filter((f) => !installedFiles.has(f))).toEqual([]);
  });

  it('init writes a passing example, a config and a workflow, then refuses to overwrite them', async () => {
    const init = await netrecipes(['init']);
    expect(init.exitCode, init.all).toBe(0);
    for (const f of ['scenarios/example.yaml', 'netrecipes.config.json', '.github/workflows/netrecipes.yml'])
      expect(existsSync(join(project, f)), f).toBe(true);
    expect(readFileSync(join(project, '.github/workflows/netrecipes.yml'), 'utf8')).toContain('uses: ./node_modules/netrecipes');
    const again = await netrecipes(['init']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already exist');
  });

  it("run, with no paths, runs the project's scenarios and writes the reports", async () => {
    const r = await netrecipes(['run']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toMatch(/scenarios: .*scenarios/);
    expect(r.stdout).toContain('✓ example-veth-pair 4/4 steps');
    expect(r.stdout).toContain('1 passed, 0 failed, 0 skipped (1 scenario run, netns backend');
    for (const f of ['junit.xml', 'index.html', 'summary.md']) expect(existsSync(join(project, 'reports', f)), f).toBe(true);
  });

  it('runs a scenario through the API imported from a .mjs file', async () => {
    writeFileSync(join(project, 'api.mjs'), API_SCRIPT);
    const r = await execa('node', ['api.mjs'], { cwd: project, reject: false, all: true });
    expect(r.exitCode, r.all).toBe(0);
    const out = JSON.parse(r.stdout) as { errors: number; outcomes: string[][]; junit: string; exit: number; shortfalls: unknown[]; own: string };
    expect(out).toMatchObject({ errors: 0, outcomes: [['example-veth-pair', 'pass']], exit: 0, shortfalls: [], own: 'pass' });
    expect(readFileSync(out.junit, 'utf8')).toContain('classname="example-veth-pair"');
  });

  it('declares its types for TypeScript users', async () => {
    writeFileSync(
      join(project, 'typed.ts'),
      `import { runScenarios, type RunSummary, type NetrecipesConfig } from 'netrecipes';
const config: NetrecipesConfig = { backend: 'netns', scenarios: ['scenarios'] };
const summary: Promise<RunSummary> = runScenarios([], { backend: config.backend });
// @ts-expect-error: jobs is a number
runScenarios([], { jobs: 'two' });
void summary;
`,
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = await execa(
      'node',
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--skipLibCheck',
        '--types',
        'node',
        '--typeRoots',
        join(ROOT, 'node_modules/@types'),
        'typed.ts',
      ],
      { cwd: project, reject: false, all: true },
    );
    expect(r.exitCode, r.all).toBe(0);
  });

  it('starts from the compiled build, not TypeScript', async () => {
    expect(existsSync(join(installed, 'harness'))).toBe(false);
    const r = await netrecipes(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('init');
  });
});
