// What a kernel selftest said, read the way kselftest's runner reads it: the exit status (0
// pass, 4 skip, anything else fail), the reason of a skip (its last `SKIP:` line), and the
// results it printed along the way, as subtests: lib.sh's `TEST: name [ OK ]` / `[FAIL]` /
// `[SKIP]` / `[XFAIL]` lines, `PASS:` / `FAIL:` / `SKIP:` lines, an older style's `run NAME test`
// followed by a bare `ok` or `fail` line (route_localnet.sh), and the test points of any KTAP
// (or TAP) it printed, nested ones under the point that closes them.
import type { CommandResult } from '../exec/command-result.js';
import { installHint } from '../exec/debian-packages.js';

/** kselftest's exit status for "skipped" (KSFT_SKIP). */
const KSFT_SKIP = 4;

export type SubtestOutcome = 'pass' | 'fail' | 'skip' | 'xfail';

export interface Subtest {
  name: string;
  outcome: SubtestOutcome;
  /** From the previous result line (or the start) to this one's. */
  durationMs: number;
  /** A skip's or expected failure's reason (KTAP's `# SKIP reason`). */
  reason?: string;
  /** The 1-based line of stdout that said it. */
  line: number;
  /** A KTAP subtest's own test points. */
  children?: Subtest[];
}

/** The step's verdict from its exit status: pass, skip (with the reason) or fail. */
export interface SelftestVerdict {
  outcome: 'pass' | 'skip' | 'fail';
  /** One line: why it skipped or failed. */
  message?: string;
}

// Colour codes some scripts print around their marks.
const COLOUR = /\x1b\[[0-9;]*m/g;
const LIB_SH = /^\s*TEST:\s*(.*?)\s*\[\s*(OK|FAIL|SKIP|XFAIL)\s*\]\s*$/;
const PREFIXED = /^\s*(PASS|FAIL|SKIP):\s*(.*?)\s*$/;
const RUN_LINE = /^\s*run (.+?) test\s*$/;
const BARE_RESULT = /^\s*(ok|fail|FAIL)\s*$/;
const KTAP_HEADER = /^(\s*)(?:KTAP version \d+|TAP version \d+)\s*$/;
const KTAP_POINT = /^(\s*)(not ok|ok)\s+\d+\s*(?:-\s*)?(.*?)(?:\s+#\s*(SKIP|XFAIL|TODO)\b\s*(.*))?\s*$/i;

const LIB_OUTCOME: Record<string, SubtestOutcome> = { OK: 'pass', FAIL: 'fail', SKIP: 'skip', XFAIL: 'xfail' };
const PREFIX_OUTCOME: Record<string, SubtestOutcome> = { PASS: 'pass', FAIL: 'fail', SKIP: 'skip' };

/**
 * The subtests in `stdout`; `lineTimes[i]` is when line i+1 arrived (ms since the step
 * started), so each subtest lasts from the result line before it to its own.
 */
export function parseSubtests(stdout: string, lineTimes: readonly number[] = []): Subtest[] {
  const top: Subtest[] = [];
  // KTAP: the indentation of each open header; points deeper than the innermost wait for their parent.
  const levels: { indent: number; points: Subtest[] }[] = [];
  let last = 0;
  /** The test a `run NAME test` line started, until its bare `ok` / `fail`. */
  let running: string | undefined;
  const lines = stdout.split('\n');
  lines.forEach((raw, i) => {
    const text = raw.replace(COLOUR, '');
    const at = lineTimes[i] ?? last;
    const made = (name: string, outcome: SubtestOutcome, reason?: string): Subtest => {
      const s: Subtest = { name: name || `line ${i + 1}`, outcome, durationMs: Math.max(0, at - last), line: i + 1, ...(reason ? { reason } : {}) };
      last = at;
      return s;
    };
    const header = KTAP_HEADER.exec(text);
    if (header) {
      levels.push({ indent: header[1]!.length, points: [] });
      return;
    }
    const point = levels.length ? KTAP_POINT.exec(text) : null;
    if (point) {
      const indent = point[1]!.length;
      // Deeper levels that ended: their points are this point's children.
      let children: Subtest[] | undefined;
      while (levels.length > 1 && levels.at(-1)!.indent > indent) children = levels.pop()!.points;
      const directive = point[4]?.toUpperCase();
      const outcome: SubtestOutcome =
        directive === 'SKIP' ? 'skip' : directive === 'XFAIL' || directive === 'TODO' ? 'xfail' : point[2] === 'ok' ? 'pass' : 'fail';
      const s = made(point[3]!, outcome, point[5]?.trim());
      if (children?.length) {
        s.children = children;
        s.durationMs += children.reduce((n, c) => n + c.durationMs, 0);
      }
      levels.at(-1)!.points.push(s); // the innermost level still open: the outermost, or one at most this deep
      return;
    }
    const lib = LIB_SH.exec(text);
    if (lib) {
      top.push(made(lib[1]!, LIB_OUTCOME[lib[2]!]!));
      return;
    }
    const prefixed = PREFIXED.exec(text);
    if (prefixed) {
      top.push(made(prefixed[2]!, PREFIX_OUTCOME[prefixed[1]!]!, prefixed[1] === 'SKIP' ? prefixed[2] : undefined));
      return;
    }
    const run = RUN_LINE.exec(text);
    if (run) running = run[1];
    const bare = running !== undefined ? BARE_RESULT.exec(text) : null;
    if (bare) {
      top.push(made(running!, bare[1] === 'ok' ? 'pass' : 'fail'));
      running = undefined;
    }
  });
  // KTAP points in the order they were printed, among the other kinds.
  const ktap = levels.flatMap((l) => l.points);
  return [...top, ...ktap].sort((a, b) => a.line - b.line);
}

/** The text after the last `SKIP:` a selftest printed (stdout first, then stderr). */
export function skipReason(r: Pick<CommandResult, 'stdout' | 'stderr'>): string | undefined {
  for (const text of [r.stdout, r.stderr]) {
    const found = [...text.replace(COLOUR, '').matchAll(/^\s*SKIP:\s*(.*?)\s*$/gm)].at(-1)?.[1];
    if (found) return found;
  }
  return undefined;
}

/** All subtests, nested ones after their parent, named "parent / child". */
export function flatSubtests(subtests: readonly Subtest[], prefix = ''): Subtest[] {
  return subtests.flatMap((s) => [{ ...s, name: prefix + s.name }, ...flatSubtests(s.children ?? [], `${prefix}${s.name} / `)]);
}

/** kselftest's rule: 0 passes, 4 skips (reason from its last `SKIP:` line), anything else fails. */
export function selftestVerdict(r: CommandResult, subtests: readonly Subtest[]): SelftestVerdict {
  if (r.timedOut) return { outcome: 'fail', message: `the selftest timed out after ${Math.round(r.durationMs)} ms (process tree killed)` };
  if (r.exitCode === 0) return { outcome: 'pass' };
  if (r.exitCode === KSFT_SKIP) return { outcome: 'skip', message: `skipped by the selftest: ${skipReason(r) ?? 'exit 4 (KSFT_SKIP), no SKIP: line printed'}` };
  const all = flatSubtests(subtests);
  const failed = all.filter((s) => s.outcome === 'fail');
  const how = r.signal ? `was killed by ${r.signal}` : `exited ${r.exitCode}`;
  const which = failed.length
    ? `: ${failed.length} of ${all.length} subtests failed (${failed
        .slice(0, 3)
        .map((s) => s.name)
        .join('; ')}${failed.length > 3 ? '; …' : ''})`
    : '';
  // A command the selftest called that the sandbox lacks (nettest, uuidgen): what provides it.
  const missing = [...r.stderr.matchAll(/(?:^|: )([\w.+-]+): command not found/gm)].map((m) => m[1]!);
  const lacking = [...new Set(missing)].map((c) => `; ${c} is not in the sandbox (${installHint(c)})`).join('');
  return { outcome: 'fail', message: `the selftest ${how}${which}${lacking}` };
}
