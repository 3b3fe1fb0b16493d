// Checks a scenario's `requires:` inside the sandbox before any step runs. An unmet
// requirement skips the scenario with a reason (and the package that would provide a tool).
import type { Sandbox } from '../backends/backend.js';
import { moduleKey, type ModuleReport } from '../backends/kernel-modules.js';
import type { Scenario } from '../scenario/scenario.js';
import { installHints } from '../exec/debian-packages.js';
import { scriptBeside } from '../exec/script-file.js';
import { PROVIDED_COMMANDS } from './step-path.js';
import { kernelProbe } from './kernel-features.js';

const PROBE_SCRIPT = scriptBeside(import.meta.url, './requirements.sh');

function kernelAtLeast(release: string, min: string): boolean {
  const a = release.split(/[.-]/).map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < b.length; i++) {
    const x = a[i] ?? 0;
    if (x !== b[i]) return x > b[i]!;
  }
  return true;
}

/**
 * What one backend has been found to have: "cmd ip" / "kernel bridge" -> present, and its
 * kernel release. Every sandbox of a backend has the same kernel and userland, so each probe
 * runs once per backend, not once per scenario.
 */
export interface RequirementFacts {
  present: Map<string, boolean>;
  release?: string;
  /** What the backend's module load found (modules it could not load say why). */
  modules?: ModuleReport;
}

export function newRequirementFacts(): RequirementFacts {
  return { present: new Map() };
}

/** Returns why the scenario cannot run here, or undefined when everything it needs is present. */
export async function unmetRequirements(sandbox: Sandbox, scenario: Scenario, facts: RequirementFacts = newRequirementFacts()): Promise<string | undefined> {
  const { kernel, min_kernel } = scenario.requires;
  const commands = scenario.requires.commands.filter((c) => !PROVIDED_COMMANDS.includes(c));
  const probes = [...commands.map((c) => [`cmd ${c}`, c] as const), ...kernel.map((k) => [`kernel ${k}`, kernelProbe(moduleKey(k))] as const)].filter(
    ([key]) => !facts.present.has(key),
  );
  if (probes.length || facts.release === undefined) {
    const r = await sandbox.exec(['bash', '-c', PROBE_SCRIPT, 'requirements', ...probes.flat()], { timeoutMs: 10_000, label: 'check requirements' });
    const [release = '', ...answers] = r.stdout.trim().split('\n');
    facts.release = release;
    for (const a of answers) facts.present.set(a.slice(a.indexOf(' ') + 1), a.startsWith('yes '));
  }
  const missing = [...commands.map((c) => `cmd ${c}`), ...kernel.map((k) => `kernel ${k}`)].filter((key) => facts.present.get(key) === false);
  const release = facts.release ?? '';
  const reasons: string[] = [];
  const tools = missing.filter((m) => m.startsWith('cmd ')).map((m) => m.slice(4));
  if (tools.length) {
    reasons.push(`missing command${tools.length > 1 ? 's' : ''} ${tools.join(', ')} (${installHints(tools).join('; ')})`);
  }
  const features = missing.filter((m) => m.startsWith('kernel ')).map((m) => m.slice(7));
  if (features.length) {
    const why = features.map((f) => facts.modules?.missing[moduleKey(f)]).filter(Boolean);
    reasons.push(`kernel feature${features.length > 1 ? 's' : ''} not available: ${features.join(', ')}${why.length ? ` (${why.join('; ')})` : ''}`);
  }
  if (min_kernel && !kernelAtLeast(release, min_kernel)) reasons.push(`kernel ${release} is older than ${min_kernel}`);
  return reasons.length ? reasons.join('; ') : undefined;
}
