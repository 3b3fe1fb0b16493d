// `npm run bench`: replays the seed suite through the harness and as raw bash scripts (same
// commands, same kind of sandbox), one scenario at a time, and prints the suite wall times,
// the median per-step overhead and, last, the ratio harness/raw.
import { execa } from 'execa';
import { NetnsBackend } from '../harness/backends/netns/netns-backend.js';
import { BUNDLED_SCENARIOS } from '../harness/cli/select.js';
import { SANDBOX_ENV } from '../harness/exec/process.js';
import { runScenario } from '../harness/run/scenario-runner.js';
import { loadScenarios } from '../harness/scenario/load.js';
import { rawScript, stepDurations } from './raw-replay.js';

const UNSHARE = ['--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private'];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : 0;
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const filter = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
const { scenarios } = await loadScenarios([BUNDLED_SCENARIOS]);
const selected = scenarios.filter((s) => !filter || filter.test(s.id));
const backend = new NetnsBackend();
await backend.probe();

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
  const t1 = performance.now();
  const raw = await execa('unshare', [...UNSHARE, 'bash', '-c', rawScript(s)], { reject: false, env: SANDBOX_ENV, extendEnv: false });
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
console.log(`median per-step overhead: ${median(overheads).toFixed(1)} ms over ${overheads.length} steps (p90 ${[...overheads].sort((a, b) => a - b)[Math.floor(overheads.length * 0.9)]?.toFixed(1)} ms)`);
console.log(`median per-scenario set-up and teardown outside steps: ${median(setup).toFixed(1)} ms`);
console.log(`ratio harness/raw: ${(harnessTotal / rawTotal).toFixed(2)}`);
