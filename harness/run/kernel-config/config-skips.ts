// Before a cell's kernel boots (or its first sandbox starts): which scenarios its kernel's config
// cannot run, each with the options it lacks, so that they are skipped with the option named
// instead of failing on the kernel. A kernel given to boot is judged on `requires.kernel` and
// `requires.kernel_config`; this machine's kernel only on the fragments (its features are
// probed in a live sandbox, which also sees a configured module whose file is missing).
import type { Backend, SandboxInfo } from '../../backends/backend.js';
import type { KernelConfigReport } from '../../backends/kernel-config-file.js';
import type { Scenario } from '../../scenario/scenario.js';
import { configSkipReason } from './config-check.js';

export interface ConfigSkips {
  /** What was checked, for the run header; undefined when nothing was. */
  said?: string;
  /** Scenario -> why it cannot run on this kernel. */
  skips: Map<Scenario, string>;
  /** What the reports of skipped scenarios say of the kernel when none of the cell's ran. */
  info?: SandboxInfo;
}

/** Why each scenario cannot run on the kernel whose config `report` holds. */
export function skipsFor(report: KernelConfigReport, scenarios: Scenario[]): Map<Scenario, string> {
  const skips = new Map<Scenario, string>();
  for (const s of report.features ? scenarios : scenarios.filter((x) => x.kernelConfig)) {
    const why = report.config
      ? configSkipReason(report.config, s, { features: report.features })
      : s.kernelConfig && `requires.kernel_config (${s.kernelConfig.file}) cannot be checked: no kernel config found (looked at ${report.looked.join(', ')})`;
    if (why) skips.set(s, why);
  }
  return skips;
}

/** Asks the backend for its kernel's config (before it boots) and judges every scenario on it. */
export async function configSkips(backend: Backend, scenarios: Scenario[]): Promise<ConfigSkips> {
  if (!backend.kernelConfig) return { skips: new Map() };
  const report = await backend.kernelConfig();
  const skips = skipsFor(report, scenarios);
  const info: SandboxInfo | undefined = report.kernel && {
    backend: backend.name,
    kernel: report.kernel.release,
    distro: 'unknown',
    iptables: 'unknown',
    tools: {},
    machine: { 'kernel-source': report.kernel.source },
  };
  const checked = report.features ? scenarios.length : scenarios.filter((s) => s.kernelConfig).length;
  if (!checked) return { skips, ...(info ? { info } : {}) };
  const where = report.config ? report.config.file : `none found (${report.looked.join(', ')})`;
  return { skips, ...(info ? { info } : {}), said: `kernel config: ${where}; ${checked - skips.size} of ${checked} scenarios checked on it can run` };
}
