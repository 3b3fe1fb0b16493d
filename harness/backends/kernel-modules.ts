// Kernel modules for a run. Sandboxes cannot load modules (their root is not the host's), so
// before the first sandbox the harness loads, as the host's root, what the selected scenarios
// declare in `requires.kernel` plus the set the world and the usual recipes use. This is the
// only thing the harness ever changes in the host kernel, and the run header says what it did.
import { execa } from 'execa';
import { SANDBOX_ENV } from '../exec/process.js';
import { scriptBeside } from '../exec/script-file.js';

const LOAD_MODULES_SCRIPT = scriptBeside(import.meta.url, './load-modules.sh');

/** Loaded for every run: the world (veth), bridges, NAT and conntrack as iptables/nft use them. */
const BASELINE_MODULES = [
  'veth',
  'bridge',
  'br_netfilter',
  'nf_conntrack',
  'nf_nat',
  'iptable_nat',
  'iptable_filter',
  'nf_tables',
  'nft_chain_nat',
  'nft_compat',
  'xt_MASQUERADE',
  'xt_conntrack',
  'xt_nat',
  'xt_LOG',
];

/** What a module load did, for the run header, doctor and the requirement checks. */
export interface ModuleReport {
  /** Whose kernel: "the host" or "the guest". */
  where: string;
  /** A dry run loads nothing: `loaded` then lists what would load. */
  dryRun: boolean;
  /** False when the kernel has no loadable modules at all (everything is built in or absent). */
  loadable: boolean;
  /** Loaded by this run (or, for a dry run, loadable). */
  loaded: string[];
  /** There already (loaded or built in). */
  present: string[];
  /** Could not be loaded, with modprobe's reason. */
  missing: Record<string, string>;
}

export function moduleKey(name: string): string {
  return name.replace(/-/g, '_');
}

/** A report of nothing loaded (for a backend whose kernel needs nothing, or a test's). */
export function noModules(where: string): ModuleReport {
  return { where, dryRun: false, loadable: false, loaded: [], present: [], missing: {} };
}

/** The argv that loads `names` (load-modules.sh), wherever the backend runs it. */
export function loadModulesArgv(names: string[], dryRun = false): string[] {
  return ['bash', '--norc', '-c', LOAD_MODULES_SCRIPT, 'load-modules', ...(dryRun ? ['--dry-run'] : []), ...new Set(names.map(moduleKey))];
}

/** Reads load-modules.sh's lines. */
export function parseModuleReport(stdout: string, where: string, dryRun = false): ModuleReport {
  const report: ModuleReport = { where, dryRun, loadable: true, loaded: [], present: [], missing: {} };
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [what, name = '', ...why] = line.split(' ');
    if (what === 'static') report.loadable = false;
    else if (what === 'present') report.present.push(name);
    else if (what === 'loaded' || what === 'loadable') report.loaded.push(name);
    else if (what === 'missing') report.missing[name] = why.join(' ') || 'modprobe failed';
  }
  return report;
}

const hostLoads = new Map<string, Promise<ModuleReport>>();

/**
 * Loads `names` into this machine's kernel (as root) unless already there; once per set of
 * names and process (the netns backend and every container cell share this kernel).
 */
export function loadHostModules(names: string[], dryRun = false): Promise<ModuleReport> {
  const key = `${dryRun}:${[...new Set(names.map(moduleKey))].sort().join(' ')}`;
  let load = hostLoads.get(key);
  if (!load) {
    const [cmd, ...args] = loadModulesArgv(names, dryRun);
    load = execa(cmd!, args, { reject: false, timeout: 60_000, env: SANDBOX_ENV, extendEnv: false }).then((r) =>
      parseModuleReport(r.stdout, 'the host', dryRun),
    );
    hostLoads.set(key, load);
  }
  return load;
}

/** One line for the run header and doctor. */
export function describeModules(r: ModuleReport): string {
  if (!r.loadable) return `kernel modules: the kernel of ${r.where} loads none (features are built in or absent)`;
  const parts = [`${r.dryRun ? 'a run would load' : 'loaded'} on ${r.where}: ${r.loaded.length ? r.loaded.join(', ') : 'none needed'}`];
  const missing = Object.keys(r.missing);
  if (missing.length) parts.push(`not available: ${missing.join(', ')}`);
  return `kernel modules: ${parts.join('; ')}`;
}

/** The modules a set of scenarios needs beside the baseline. */
export function modulesFor(scenarios: { requires: { kernel: string[] } }[]): string[] {
  return [...new Set([...BASELINE_MODULES, ...scenarios.flatMap((s) => s.requires.kernel)])];
}
