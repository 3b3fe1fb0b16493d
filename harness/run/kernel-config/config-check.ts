// A scenario against a kernel's config, before anything boots: the options its `requires.kernel`
// names need (feature-options.ts) and those its `requires.kernel_config` fragment lists, each
// found built in (=y), as a module (=m) or missing; and the `scripts/config` line that would
// turn the missing ones on. A scenario whose kernel lacks an option is skipped with the option
// named, never failed.
import type { KernelConfig } from '../../backends/kernel-config-file.js';
import type { Scenario } from '../../scenario/scenario.js';
import { fixLine, isEnabled, type ConfigValue, type WantedValue } from '../../text/kernel-config.js';

export { fixLine };
import { optionsFor, SANDBOX_OPTIONS } from './feature-options.js';

/** One option a scenario needs: "enabled" (y or m), or the exact value its fragment gives. */
export interface OptionNeed {
  option: string;
  want: WantedValue;
  /** Why: the feature name, "the sandbox", or the fragment's file:line. */
  for: string;
}

export interface OptionState extends OptionNeed {
  have: ConfigValue | undefined;
  ok: boolean;
}

export interface ScenarioConfigCheck {
  scenario: Scenario;
  options: OptionState[];
  /** requires.kernel names no config option is known for (probed at run time only). */
  unknown: string[];
}

export interface CheckScope {
  /**
   * Check `requires.kernel` too (a --kernel path, doctor); false where features are probed in a
   * live sandbox instead (this machine's kernel), so only the fragment is checked.
   * @default true
   */
  features?: boolean;
}

/** The reason every sandbox's options are given. */
export const SANDBOX = 'the sandbox';

/** What a scenario needs of a kernel's config, in the order it is said. */
function needsOf(scenario: Scenario, scope: CheckScope = {}): { needs: OptionNeed[]; unknown: string[] } {
  const needs: OptionNeed[] = [];
  const unknown: string[] = [];
  if (scope.features ?? true) {
    needs.push(...SANDBOX_OPTIONS.map((option) => ({ option, want: 'enabled', for: SANDBOX })));
    const features = [...new Set([...(scenario.world ? ['veth'] : []), ...scenario.requires.kernel])];
    for (const feature of features) {
      const options = optionsFor(feature);
      if (!options) unknown.push(feature);
      else needs.push(...options.map((option) => ({ option, want: 'enabled', for: feature })));
    }
  }
  for (const l of scenario.kernelConfig?.lines ?? []) {
    needs.push({ option: l.name, want: isEnabled(l.value) ? 'enabled' : l.value, for: `${scenario.kernelConfig!.file}:${l.line}` });
  }
  return { needs, unknown };
}

function satisfied(want: OptionNeed['want'], have: ConfigValue | undefined): boolean {
  if (want === 'enabled') return isEnabled(have);
  if (want === 'n') return !isEnabled(have);
  return have === want;
}

export function checkScenarioConfig(config: KernelConfig, scenario: Scenario, scope: CheckScope = {}): ScenarioConfigCheck {
  const { needs, unknown } = needsOf(scenario, scope);
  const seen = new Set<string>();
  const options: OptionState[] = [];
  for (const need of needs) {
    if (seen.has(`${need.option}=${need.want}`)) continue; // the first reason given is enough
    seen.add(`${need.option}=${need.want}`);
    const have = config.options.get(need.option);
    options.push({ ...need, have, ok: satisfied(need.want, have) });
  }
  return { scenario, options, unknown };
}

export const missingOptions = (c: ScenarioConfigCheck) => c.options.filter((o) => !o.ok);

/** What is missing, as a report's skip reason says it: "CONFIG_VETH (veth)". */
export function describeMissing(missing: OptionState[]): string {
  return missing
    .map((m) => `${m.option}${m.want === 'enabled' ? '' : `=${m.want}`} (${m.for}${m.have && m.have !== 'n' ? `; the config has =${m.have}` : ''})`)
    .join(', ');
}

/** Why `scenario` cannot run on a kernel with `config`, or undefined when it can. */
export function configSkipReason(config: KernelConfig, scenario: Scenario, scope: CheckScope = {}): string | undefined {
  const missing = missingOptions(checkScenarioConfig(config, scenario, scope));
  if (!missing.length) return undefined;
  return `the kernel's config (${config.file}) lacks ${describeMissing(missing)}; to build one that has them: ${fixLine(missing)}`;
}
