// Compares a command's output with the lines a document printed under it, the way cram and
// testscript users expect: what varies between runs (MACs, ifindexes, times, rtt, counters,
// ports, timers, IPv6 DAD flags) is normalised on both sides; a line `...` (or `......`, `…`)
// stands for any number of lines; a line ending in ` (re)` is a regular expression, one ending
// in ` (glob)` a glob; a `^C` line (the author's Ctrl-C) is not output. A mismatch is shown as
// a diff of the document against the machine, with the document's line numbers.
import { diffArrays } from 'diff';
import { isInterruptLine } from '../text/keystrokes.js';
import { DIFF_LIMITS, tooLargeToDiff } from '../text/diff-limits.js';
import { globPattern, userPattern } from '../text/user-pattern.js';
import { verdict, type Verdict } from './verdict.js';

/** Rewrites of volatile values, applied to expected and actual lines alike. */
const NORMALISERS: [RegExp, string][] = [
  [/\t/g, ' '], // ip rule, ip route and tc print tabs where articles show spaces
  [/\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b/gi, '<mac>'],
  [/\bfe80::[0-9a-f:]+/gi, '<ll6>'],
  [/^\s*\d+: (?!\s*(?:not\s+)?from\b)/, '<n>: '], // interface indexes, not `ip rule` priorities
  [/@if\d+/g, '@if<n>'],
  // `bridge link` names a port's peer by index (the kernel sends no netns id with it): `@if6`, or
  // whichever local link happens to hold that index (`@br0`, `@eth0`)
  [/^(<n>: [^@\s:]+)@[^\s:]+(?=: <[^>]*> mtu \d+ master \S+ state \S+ priority\b)/, '$1@<peer>'],
  [/link-netns(?:id)? \S+/g, 'link-netns <peer>'], // the peer's id here, its name where iproute2 resolves it
  [/, seq \d+, length\b/g, ', seq <n>, length'], // ICMP sequence numbers in a capture
  [/\(id: \d+\)/g, '(id: <n>)'],
  [/\b\d{2}:\d{2}:\d{2}\.\d+\b/g, '<time>'],
  [/time[=<][\d.]+ ?ms/g, 'time=<t> ms'],
  [/, time \d+ms/g, ', time <t>ms'],
  [/= [\d.]+\/[\d.]+\/[\d.]+(\/[\d.]+)? ms/g, '= <rtt> ms'],
  [/\bttl=\d+/g, 'ttl=<ttl>'],
  [/\bid[= ]\d+/g, 'id <n>'],
  [/\b(sport|dport)=[1-6]\d{4}\b/g, '$1=<port>'], // ephemeral ports; service ports stay
  [/^(tcp|udp|icmp)\s+(\d+) \d+ /, '$1 $2 <timer> '],
  [/\b(valid|preferred)_lft \S+/g, '$1_lft <t>'],
  [/\b8000\.[0-9a-f]{12}\b/g, '8000.<bridge-id>'],
  [/ proto kernel_ll\b/g, ' proto kernel'], // newer iproute2 names the fe80::/64 route's origin
  [/ (tentative|dadfailed)\b/g, ''], // IPv6 duplicate address detection still running, or lost
  [/\b(RX|TX):? (packets|bytes|errors|dropped)\b.*$/, '$1 <counters>'], // `ip -s link` headers
  [/^\s*\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s*$/, '<counters>'], // and their rows
  [/\s+/g, ' '], // pasted output loses its indentation and column alignment
  [/^ | $/g, ''],
];

export function normaliseLine(line: string): string {
  return NORMALISERS.reduce((l, [re, to]) => l.replace(re, to), line);
}

/** What a document says a command printed, where, and whether it shows only the first lines. */
export interface TranscriptSpec {
  lines: string[];
  /** The document and the line of `lines[0]`, for the diff's line numbers. */
  file?: string;
  line?: number;
  /** The document shows only the first lines of the output. */
  head?: boolean;
}

const ELISION = /^\s*(?:\.{3,}|…+)\s*$/;
/** `...` inside a line: the columns a reader trimmed. */
const TRIMMED = /\s*(?:\.{3,}|…+)\s*/;
const isElision = (line: string) => ELISION.test(line);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A machine line, normalised once however many document lines it is compared with. */
interface MachineLine {
  raw: string;
  normal: string;
}

const machineLine = (raw: string): MachineLine => ({ raw, normal: normaliseLine(raw) });

/** A document line made ready to compare (normalised, or its pattern compiled) once. */
type LineTest = (actual: MachineLine) => boolean;

function lineTest(expected: string): LineTest {
  if (isElision(expected)) return () => false;
  if (isInterruptLine(expected)) return (a) => !a.raw.trim(); // the terminal echoes ^C on the blank line ping prints
  if (expected.endsWith(' (re)')) {
    // Against the raw line or the normalised one, so a pattern may say <mac> or spell a MAC out.
    const re = userPattern(`^(?:${expected.slice(0, -5)})$`);
    return (a) => re.test(a.raw.trimEnd()) || re.test(a.normal);
  }
  if (expected.endsWith(' (glob)')) {
    const glob = globPattern(normaliseLine(expected.slice(0, -7)));
    return (a) => glob.test(a.normal);
  }
  const normal = normaliseLine(expected);
  if (TRIMMED.test(normal)) {
    const trimmed = userPattern(`^${normal.split(TRIMMED).map(escapeRegExp).join('.*')}$`);
    return (a) => trimmed.test(a.normal);
  }
  return (a) => a.normal === normal;
}

export function lineMatches(expected: string, actual: string): boolean {
  return lineTest(expected)(machineLine(actual));
}

/**
 * The most line comparisons one output may take. Elisions make matching rows x columns; past
 * this the output is too large to compare, and says so, rather than hold the run.
 */
const MAX_COMPARISONS = 300_000;

type Comparison = 'match' | 'differ' | 'too large';

/**
 * Whether `actual` lines match `expected` lines, `...` matching any run of lines and `^C` lines
 * being optional: the machine positions each document line can be reached at, line by line.
 */
function compareLines(expected: string[], actual: string[]): Comparison {
  const lines = actual.map(machineLine);
  let budget = MAX_COMPARISONS;
  let at = [0];
  for (const e of expected) {
    if (!at.length) return 'differ';
    const next: number[] = [];
    if (isElision(e)) {
      budget -= actual.length - at[0]!;
      for (let j = at[0]!; j <= actual.length; j++) next.push(j);
    } else {
      const test = lineTest(e);
      const optional = isInterruptLine(e);
      for (const j of at) {
        if (optional && next.at(-1) !== j) next.push(j);
        if (j < actual.length && test(lines[j]!)) next.push(j + 1);
      }
      budget -= at.length;
    }
    if (budget < 0) return 'too large';
    at = next;
  }
  return at.includes(actual.length) ? 'match' : 'differ';
}

/** True when `actual` lines match `expected` lines, `...` matching any run of lines. */
export function matchLines(expected: string[], actual: string[]): boolean {
  return compareLines(expected, actual) === 'match';
}

/** One line of the comparison: in both (kept), only in the document, or only on the machine. */
export interface DiffLine {
  side: 'both' | 'document' | 'machine';
  /** The document's text (both, document) or the machine's (machine). */
  text: string;
  /** The machine's text for a line in both. */
  machine?: string;
  /** The document line: its own, or for a machine-only line the one it would go before. */
  line: number;
  /** A `...` line and the machine lines it stands for. */
  elided?: string[];
  /** A document line that may be missing on the machine (`^C`). */
  optional?: boolean;
}

/** Lines of the document that take part in the comparison, with their numbers. */
function documentLines(spec: TranscriptSpec): { text: string; line: number }[] {
  const first = spec.line ?? 1;
  const lines = spec.lines.map((text, i) => ({ text, line: first + i }));
  while (lines.length && !lines.at(-1)!.text.trim()) lines.pop();
  while (lines.length && !lines[0]!.text.trim()) lines.shift();
  if (spec.head) lines.push({ text: '...', line: first + spec.lines.length });
  return lines;
}

export function machineLines(output: string): string[] {
  const out = output.split('\n');
  while (out.length && !out.at(-1)!.trim()) out.pop();
  while (out.length && !out[0]!.trim()) out.shift();
  return out;
}

interface Alignment {
  lines: DiffLine[];
  /** Past DIFF_LIMITS: every document line stands against every machine line. */
  tooLarge: boolean;
}

/**
 * Aligns the document with the machine (jsdiff's Myers diff, lines compared through the
 * normalisers and markers, within DIFF_LIMITS); a `...` line takes the machine lines that land
 * next to it.
 */
function align(spec: TranscriptSpec, output: string): Alignment {
  const last = aligned.get(spec);
  if (last?.output === output) return last.alignment;
  const alignment = alignAnew(spec, output);
  aligned.set(spec, { output, alignment });
  return alignment;
}

/**
 * The last alignment of each document block: the judge and the MAC check both ask for it (the
 * same spec and output), and one diff of a large output can take DIFF_LIMITS.timeout.
 */
const aligned = new WeakMap<TranscriptSpec, { output: string; alignment: Alignment }>();

function alignAnew(spec: TranscriptSpec, output: string): Alignment {
  const doc = documentLines(spec);
  const actual = machineLines(output);
  const end = (spec.line ?? 1) + spec.lines.length;
  const tests = doc.map((d) => lineTest(d.text));
  const lines = actual.map(machineLine);
  // Indices on both sides: the comparator gets (document index, machine index).
  const parts = diffArrays(
    doc.map((_, i) => i),
    lines.map((_, j) => j),
    { comparator: (i, j) => tests[i]!(lines[j]!), ...DIFF_LIMITS },
  );
  if (!parts) {
    const replaced: DiffLine[] = [
      ...doc.map((d) => ({ side: 'document' as const, text: d.text, line: d.line })),
      ...actual.map((text) => ({ side: 'machine' as const, text, line: end })),
    ];
    return { lines: replaced, tooLarge: true };
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const p of parts) {
    for (let k = 0; k < p.count; k++) {
      if (p.added) out.push({ side: 'machine', text: actual[j++]!, line: doc[i]?.line ?? end });
      else if (p.removed) {
        const d = doc[i++]!;
        out.push({
          side: 'document',
          text: d.text,
          line: d.line,
          ...(isElision(d.text) ? { elided: [] } : {}),
          ...(isInterruptLine(d.text) ? { optional: true } : {}),
        });
      } else {
        const d = doc[i++]!;
        out.push({ side: 'both', text: d.text, machine: actual[j++]!, line: d.line });
      }
    }
  }
  return { lines: absorbElisions(out), tooLarge: false };
}

/** The document aligned with the machine; past DIFF_LIMITS, the whole output replaced. */
export function alignTranscript(spec: TranscriptSpec, output: string): DiffLine[] {
  return align(spec, output).lines;
}

/**
 * In each run of differing lines with a `...`: machine lines pair with the document lines before
 * and after it first, the ones left over are what the elision stands for.
 */
function absorbElisions(lines: DiffLine[]): DiffLine[] {
  const out: DiffLine[] = [];
  for (let k = 0; k < lines.length; ) {
    if (lines[k]!.side === 'both') {
      out.push(lines[k++]!);
      continue;
    }
    const run: DiffLine[] = [];
    while (k < lines.length && lines[k]!.side !== 'both') run.push(lines[k++]!);
    const docs = run.filter((d) => d.side === 'document');
    const machine = run.filter((d) => d.side === 'machine');
    const e = docs.findIndex((d) => d.elided);
    if (e < 0) {
      out.push(...run);
      continue;
    }
    const before = Math.min(e, machine.length);
    const after = Math.min(docs.length - e - 1, machine.length - before);
    docs[e]!.elided = machine.slice(before, machine.length - after).map((m) => m.text);
    out.push(...docs.slice(0, e), ...machine.slice(0, before), docs[e]!, ...docs.slice(e + 1), ...machine.slice(machine.length - after));
  }
  return out;
}

/** The lines that differ, as a diff labelled document/machine with `@@ file:line @@` hunks. */
function formatTranscriptDiff(aligned: DiffLine[], file?: string): string {
  const out = ['--- document', '+++ machine'];
  let inHunk = false;
  for (const d of aligned) {
    const bad = isMismatch(d);
    if (!bad) {
      inHunk = false;
      continue;
    }
    if (!inHunk) out.push(`@@ ${file ? `${file}:` : 'line '}${d.line} @@`);
    inHunk = true;
    out.push(`${d.side === 'document' ? '-' : '+'} ${d.text}`);
  }
  return out.join('\n');
}

const isMismatch = (d: DiffLine) => d.side !== 'both' && !d.elided && !d.optional;

/** Places where the document and the machine differ (hunks of the diff). */
const mismatchCount = (aligned: DiffLine[]) => aligned.filter((d, i) => isMismatch(d) && (i === 0 || !isMismatch(aligned[i - 1]!))).length;

/** What a report shows of an output too large to compare or diff: the first lines that differ. */
function tooLargeBody(head: string, spec: TranscriptSpec, expected: string[], actual: string[]): string {
  const tests = expected.map(lineTest);
  let k = 0;
  while (k < expected.length && k < actual.length && tests[k]!(machineLine(actual[k]!))) k++;
  const shown = 10;
  const more = (n: number) => (n > k + shown ? [`  (${n - k - shown} more)`] : []);
  return [
    head,
    '--- document',
    '+++ machine',
    `@@ ${spec.file ? `${spec.file}:` : 'line '}${(spec.line ?? 1) + k} @@`,
    ...expected.slice(k, k + shown).map((l) => `- ${l}`),
    ...more(expected.length),
    ...actual.slice(k, k + shown).map((l) => `+ ${l}`),
    ...more(actual.length),
  ].join('\n');
}

export function checkTranscript(spec: TranscriptSpec | string[], output: string): Verdict {
  const s = Array.isArray(spec) ? { lines: spec } : spec;
  const expected = documentLines(s).map((d) => d.text);
  const actual = machineLines(output);
  const compared = compareLines(expected, actual);
  const where = s.line ? ` at ${s.file ? `${s.file}:` : 'line '}${s.line}` : '';
  const what = `output as printed in the document${where} (${expected.length} lines${s.head ? ', first lines only' : ''})`;
  if (compared === 'match') return verdict('transcript', true, what, actual.join('\n'));
  if (compared === 'too large')
    return verdict(
      'transcript',
      false,
      what,
      tooLargeBody(
        `too large to compare: ${expected.length} document lines (with elisions) against ${actual.length} machine lines take more than ${MAX_COMPARISONS} line comparisons`,
        s,
        expected,
        actual,
      ),
    );
  const aligned = align(s, output);
  if (aligned.tooLarge)
    return verdict('transcript', false, what, tooLargeBody(tooLargeToDiff('document', expected.length, 'machine', actual.length), s, expected, actual));
  const n = mismatchCount(aligned.lines);
  // The alignment can explain a mismatch that only the exact matcher sees as one: show everything then.
  const body = n ? formatTranscriptDiff(aligned.lines, s.file) : [...expected.map((l) => `- ${l}`), ...actual.map((l) => `+ ${l}`)].join('\n');
  return verdict('transcript', false, what, `${n || 1} ${n === 1 || !n ? 'mismatch' : 'mismatches'}\n${body}`);
}
