// `npm run bench`: replays the seed suite through the harness and as raw bash scripts (same
// commands, same kind of sandbox), one scenario at a time, and prints the suite wall times,
// the median per-step overhead and, last, the ratio harness/raw.
import { execa } from 'execa';
import type { Backend } from '../harness/backends/backend.js';
import { ContainerBackend } from '../harness/backends/container/container-backend.js';
import { runSuite } from '../harness/run/suite-runner.js';
import { mkdtemp } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendCells, type Cell } from '../harness/backends/registry.js';
import { defaultJobs } from '../harness/run/concurrency.js';
import { DurationHistory } from '../harness/run/duration-history.js';
import { runCells } from '../harness/run/run-cells.js';
import { NetnsBackend, UNSHARE } from '../harness/backends/netns/netns-backend.js';
import { BUNDLED_SCENARIOS } from '../harness/cli/select.js';
import { runScenario } from '../harness/run/scenario-runner.js';
import { loadScenarios } from '../harness/scenario/load.js';
import { rawScript, stepDurations } from './raw-replay.js';
import { cliStartMs } from './cli-start.js';
import { evidenceCost } from './evidence-cost.js';
import { sandboxPhases } from './sandbox-phases.js';
import { chooseAccel } from '../harness/backends/guest/accel.js';
import { QemuBackend } from '../harness/backends/qemu/qemu-backend.js';
import type { Accel } from '../harness/backends/guest/accel.js';
import { ensureKernel, ensureRootfs, parseKernel } from '../harness/backends/guest/vm-assets.js';
import { seconds } from '../harness/text/duration-format.js';
import { countOutcomes } from '../harness/report/summary.js';
import { bootTimeLines, bootTimes } from './boot-time.js';
import { median } from './median.js';

const fmt = (ms: number) => seconds(ms);

console.log(`CLI start (netrecipes --help, compiled): ${(await cliStartMs()).toFixed(0)} ms (target < 300 ms)\n`);

const filter = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
const { scenarios } = await loadScenarios([BUNDLED_SCENARIOS]);
const selected = scenarios.filter((s) => !filter || filter.test(s.id));
const backend = new NetnsBackend();
await backend.prepare();

let harnessTotal = 0;
let rawTotal = 0;
const overheads: number[] = [];
const setup: number[] = [];
console.log(`${'scenario'.padEnd(40)} ${'harness'.padStart(9)} ${'raw'.padStart(9)}  ratio`);
for (const s of selected) {
  const t0 = performance.now();
  const r = await runScenario(s, { backend });
  const harnessMs = performance.now() - t0;
  if (r.outcome !== 'pass') {
    console.log(`${s.id.padEnd(40)} skipped from the benchmark: ${r.outcome} ${r.message ?? ''}`);
    continue;
  }
  // the raw script in the same kind of sandbox (contained, made by the backend), timed from its start
  await using rawBox = await backend.create();
  const t1 = performance.now();
  const raw = await rawBox.exec(['bash', '-c', rawScript(s)], { timeoutMs: 120_000, label: `raw ${s.id}` });
  const rawMs = performance.now() - t1;
  const rawSteps = stepDurations(raw.stdout, s.steps.length);
  r.steps.forEach((st, i) => overheads.push(st.durationMs - rawSteps[i]!));
  setup.push(harnessMs - r.steps.reduce((a, st) => a + st.durationMs, 0));
  harnessTotal += harnessMs;
  rawTotal += rawMs;
  console.log(`${s.id.padEnd(40)} ${fmt(harnessMs).padStart(9)} ${fmt(rawMs).padStart(9)}  ${(harnessMs / rawMs).toFixed(2)}`);
}
console.log('');
console.log(`suite wall time, one scenario at a time: harness ${fmt(harnessTotal)}, raw bash ${fmt(rawTotal)}`);
console.log(
  `median per-step overhead: ${median(overheads).toFixed(1)} ms over ${overheads.length} steps (p90 ${[...overheads].sort((a, b) => a - b)[Math.floor(overheads.length * 0.9)]?.toFixed(1)} ms)`,
);
// The suite at the default concurrency, longest first (from the durations just measured).
const historyDir = await mkdtemp(join(tmpdir(), 'netrecipes-bench-'));
process.on('exit', () => rmSync(historyDir, { recursive: true, force: true }));
const history = await DurationHistory.load(join(historyDir, 'durations.json'));
const wallOverLongest = async (b: Backend, label: string) => {
  const once = await runSuite(selected, { backend: b, jobs: defaultJobs().jobs, history }); // times every scenario here first
  const r = await runSuite(selected, { backend: b, jobs: defaultJobs().jobs, history });
  const longest = r.results.reduce((a, x) => (x.durationMs > a.durationMs ? x : a));
  const passed = [once, r].map((x) => countOutcomes(x.results).pass);
  console.log(
    `${label} suite at the default ${defaultJobs().jobs} jobs: ${fmt(r.durationMs)}, longest scenario ${longest.scenario.id} ${fmt(longest.durationMs)}, ` +
      `suite wall / longest scenario: ${(r.durationMs / longest.durationMs).toFixed(2)} (target <= 1.15); ${passed.join(' and ')}/${selected.length} passed`,
  );
};
await wallOverLongest(backend, 'netns');
console.log(
  `median per-scenario set-up and teardown outside steps: ${median(setup).toFixed(1)} ms (target < 60 ms; contained sandbox: user namespace, private root)`,
);
const withWorld = selected.find((s) => s.world) ?? selected[0];
if (withWorld) {
  console.log('phases of a netns sandbox, medians of 15 (a spare is made while the previous scenario runs, off its clock):');
  for (const [what, ms] of await sandboxPhases(withWorld, median)) console.log(`  ${what.padEnd(70)} ${ms.toFixed(1).padStart(6)} ms`);
}
const forward = selected.find((s) => s.id === 'cnfs-docker-forward-drop');
if (forward) {
  const c = await evidenceCost(backend, forward, median);
  console.log(
    `explanations: counters snapshot ${c.countersMs.toFixed(1)} ms, taken only after a failed connectivity step (with one replayed probe; passing steps pay nothing); ` +
      `--state-diff snapshot after every step ${c.stateMs.toFixed(1)} ms (opt-in); ${c.namespaces} namespaces (${forward.id})`,
  );
}
await backend.close(); // its spare sandbox, made ahead for a next scenario that never comes, would keep the process alive

// Container backend beside netns: sandbox start (to the first step) and the suite per distro.
const docker = await execa('docker', ['info'], { reject: false });
if (docker.exitCode === 0 && !process.env.BENCH_SKIP_CONTAINERS) {
  // A sandbox made on demand: the second of a fresh backend (the first starts what the run
  // shares; from the third on, create() hands over one made ahead while the previous ran).
  const startMs = async (fresh: () => Backend) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const b = fresh();
      await b.prepare();
      await (await b.create()).close();
      const t = performance.now();
      const sb = await b.create();
      times.push(performance.now() - t);
      await sb.close();
      await b.close?.();
    }
    return median(times);
  };
  const suiteMs = async (b: Backend) => {
    const r = await runSuite(selected, { backend: b, jobs: 2 });
    const sum = r.results.reduce((a, x) => a + x.durationMs, 0);
    return { wall: r.durationMs, perScenario: sum / r.results.length, passed: countOutcomes(r.results).pass };
  };
  console.log('');
  const base = await suiteMs(backend);
  console.log(
    `netns: sandbox start ${(await startMs(() => new NetnsBackend())).toFixed(0)} ms, suite (2 jobs) ${fmt(base.wall)}, ${base.passed}/${selected.length} passed`,
  );
  for (const distro of ['bookworm', 'trixie'] as const) {
    const b = new ContainerBackend(distro, 'nft');
    await b.prepare(); // builds or finds the image first, outside the timings
    const start = await startMs(() => new ContainerBackend(distro, 'nft'));
    const s = await suiteMs(b);
    console.log(
      `container ${distro}: sandbox start ${start.toFixed(0)} ms, suite (2 jobs) ${fmt(s.wall)}, ${s.passed}/${selected.length} passed, overhead over netns ${(s.perScenario - base.perScenario).toFixed(0)} ms per scenario`,
    );
    if (distro === 'bookworm') await wallOverLongest(b, 'container bookworm/nft');
    await b.close(); // its spare container would keep this process alive and stay behind
  }
  await backend.close(); // suiteMs(backend) above started it again
}
// The whole local matrix in one run: netns, bookworm/trixie x nft/legacy side by side, the qemu
// kernels side by side beside them (BENCH_MATRIX_KERNELS, default 6.1,6.12; BENCH_SKIP_MATRIX=1 skips).
if (docker.exitCode === 0 && !process.env.BENCH_SKIP_MATRIX && !process.env.BENCH_SKIP_QEMU) {
  const cells: Cell[] = [
    { label: 'netns', backend: new NetnsBackend() },
    ...backendCells('container', { distro: 'bookworm,trixie', iptables: 'nft,legacy' }),
    ...backendCells('qemu', { kernel: process.env.BENCH_MATRIX_KERNELS ?? '6.1,6.12' }),
  ];
  const t0 = performance.now();
  const m = await runCells(cells, selected, [], { backend: 'matrix', jobs: defaultJobs().jobs, history });
  const per = Object.entries(m.cellMs ?? {})
    .map(([c, ms]) => `${c} ${fmt(ms)}`)
    .join(', ');
  const passed = countOutcomes(m.results).pass;
  console.log(
    `\nwhole local matrix (${cells.length} cells, ${m.results.length} scenario runs, ${passed} passed): ${fmt(performance.now() - t0)} (target < 120 s); per cell: ${per}`,
  );
}
// QEMU guests: boot phases, boot, the suite per kernel (both against the targets: boot
// < 6 s, suite < 60 s under TCG), the harness against a raw replay inside the same guest, and KVM
// beside TCG where KVM works. BENCH_KERNELS=6.1,6.12 (default 6.1; paths too, as --kernel takes
// them: an image, a build directory, a .deb); BENCH_SKIP_QEMU=1 skips.
if (!process.env.BENCH_SKIP_QEMU && (await execa('qemu-system-x86_64', ['--version'], { reject: false })).exitCode === 0) {
  const accels: Accel[] = ['tcg', ...(((await chooseAccel((await ensureKernel(parseKernel('6.1'))).vmlinuz)).accel === 'kvm' ? ['kvm'] : []) as Accel[])];
  if (accels.length === 1) console.log(`\nqemu: KVM not usable here (${(await chooseAccel('')).why}): TCG only`);
  for (const kernel of (process.env.BENCH_KERNELS ?? '6.1').split(',')) {
    // Where the boot goes, per phase (min and median of BENCH_BOOTS boots), booted as it is now
    // (the uncompressed kernel through its PVH entry) and, as the "before", from the bzImage.
    const boots = Number(process.env.BENCH_BOOTS ?? 3);
    for (const accel of accels) {
      for (const bzImage of [false, true]) {
        const t = await bootTimes(kernel, 'bookworm', boots, { accel, bzImage });
        console.log(bootTimeLines(kernel, 'bookworm', t, bzImage ? 'bzImage, the before' : 'pvh vmlinux').join('\n'));
      }
    }
    for (const accel of accels) {
      const b = new QemuBackend(parseKernel(kernel), { accel });
      await ensureKernel(b.kernel);
      await ensureRootfs();
      const t0 = performance.now();
      await b.prepare();
      const boot = performance.now() - t0;
      try {
        const r = await runSuite(selected, { backend: b, jobs: b.maxJobs });
        const passed = countOutcomes(r.results).pass;
        let harness = 0;
        let raw = 0;
        for (const sc of selected.slice(0, 6)) {
          const t1 = performance.now();
          await runScenario(sc, { backend: b });
          harness += performance.now() - t1;
          const t2 = performance.now();
          await b.runInGuest([...UNSHARE, 'bash', '-c', rawScript(sc)], 120_000);
          raw += performance.now() - t2;
        }
        console.log(
          `qemu ${kernel} (${accel}): boot ${fmt(boot)} (target < 6 s under TCG), suite (${b.maxJobs} jobs) ${fmt(r.durationMs)} (target < 60 s), ${passed}/${selected.length} passed; ` +
            `first 6 scenarios one at a time: harness ${fmt(harness)}, raw bash in the guest ${fmt(raw)}, ratio ${(harness / raw).toFixed(2)}`,
        );
      } finally {
        await b.close();
      }
    }
  }
}
console.log(`ratio harness/raw: ${(harnessTotal / rawTotal).toFixed(2)}`);
