// Durations in scenario files are written for people ("2s", "500ms", "1.5s"); the harness works in ms.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Parses "2s" / "500ms" / "1m"; returns undefined when malformed or without a unit ("5": seconds or ms?). */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
}

/** Why `value` is not a duration, in words for the scenario's author. */
export function durationProblem(value: string | number): string {
  const bare = typeof value === 'number' || /^\s*\d+(\.\d+)?\s*$/.test(value);
  return bare ? `a bare number is not a duration: write ${value}s or ${value}ms` : `not a duration: "${value}" (write 2s, 500ms or 1m)`;
}
