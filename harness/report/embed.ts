// What a report embeds of a step: its command and outputs, each cut to a bounded size with a
// visible marker, so a 50 MB script or a 4 MiB output cannot blow a report up (or the memory
// building it). The full text stays with the scenario file and the sandbox's own logs.
import type { StepResult } from '../run/results.js';
import { selftestCommand } from './subtests.js';

/** The most characters of one script, output or dump a report embeds. */
const MAX_EMBED = 64 * 1024;
/** The most a failure summary repeats of a command that the step's own row shows in full (up to MAX_EMBED). */
export const MAX_PREVIEW = 2 * 1024;

const size = (chars: number) => (chars >= 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(1)} M` : `${Math.ceil(chars / 1024)} K`);

/** `text` up to `max` characters, with a marker saying how much was cut. */
export function embed(text: string, max = MAX_EMBED): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[… ${size(text.length - max)} characters more cut from the report]`;
}

/** What the step ran, as shown in reports: its script, its selftest, its background command, or the stop. */
export function stepCommand(s: StepResult): string | undefined {
  return s.step.run ?? selftestCommand(s) ?? s.step.background ?? (s.step.stop ? `stop ${s.step.stop}` : undefined);
}
