// A loaded scenario: the validated data plus where each part sits in its file.
import type { ScenarioData, StepData } from './schema.js';
import type { Position } from './positions.js';
import type { KselftestFile } from './kselftest-script.js';
import type { ConfigLine } from '../text/kernel-config.js';

export interface Step extends StepData {
  index: number;
  pos: Position;
  /** The line of the file where the text of `run` starts (a YAML `run: |` script's first line, a document's command). */
  runLine?: number;
  /** A `kselftest:` step's script, found in the project when the file was loaded. */
  kselftestFile?: KselftestFile;
}

export interface Scenario extends Omit<ScenarioData, 'steps'> {
  file: string;
  pos: Position;
  steps: Step[];
  /** `requires.kernel_config`, read when the file was loaded: the fragment as shown in messages, and its lines. */
  kernelConfig?: { file: string; lines: ConfigLine[] };
}

/** A scenario that cites an article (`source:`): the ones the docs drift check compares. */
export type SourcedScenario = Scenario & { source: NonNullable<Scenario['source']> };

export function hasSource(s: Scenario): s is SourcedScenario {
  return s.source !== undefined;
}

/** Namespace names that always exist, besides those the scenario creates. */
export const HOST = 'host';
export const WORLD_NAMES = ['world', 'client'] as const;

/** Whether `netns` is one of the world's namespaces (which exist when the scenario declares world:). */
export function isWorldName(netns: string): netns is (typeof WORLD_NAMES)[number] {
  return (WORLD_NAMES as readonly string[]).includes(netns);
}

/** What a step does; a step with none of these only checks expectations. */
export function stepAction(step: StepData): 'run' | 'kselftest' | 'background' | 'stop' | 'check' {
  if (step.run !== undefined) return 'run';
  if (step.kselftest !== undefined) return 'kselftest';
  if (step.background !== undefined) return 'background';
  if (step.stop !== undefined) return 'stop';
  return 'check';
}

/** Background id: the one given, else derived from the step's place. */
export function backgroundId(step: Step): string {
  return step.id ?? `bg${step.index + 1}`;
}

/** The projects whose selftests `scenarios` run: what their sandboxes must be shown. */
export function selftestProjects(scenarios: Scenario[]): string[] {
  return [...new Set(scenarios.flatMap((s) => s.steps.flatMap((st) => (st.kselftestFile ? [st.kselftestFile.project] : []))))];
}
