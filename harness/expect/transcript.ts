// Compares a command's output with the lines a document printed under it, the way cram and
// testscript users expect: what varies between runs (MACs, ifindexes, times, rtt, counters,
// ports, timers, IPv6 DAD flags) is normalised on both sides; a line `...` (or `......`, `…`)
// stands for any number of lines; a line ending in ` (re)` is a regular expression, one ending
// in ` (glob)` a glob; a `^C` line (the author's Ctrl-C) is not output. A mismatch is shown as
// a diff of the document against the machine, with the document's line numbers.
import { diffArrays } from 'diff';
import { globPattern, userPattern } from '../text/user-pattern.js';
import { verdict, type Verdict } from './verdict.js';

/** Rewrites of volatile values, applied to expected and actual lines alike. */
export const NORMALISERS: [RegExp, string][] = [
  [/\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b/gi, '<mac>'],
  [/\bfe80::[0-9a-f:]+/gi, '<ll6>'],
  [/^\s*\d+: /, '<n>: '],
  [/@if\d+/g, '@if<n>'],
  [/link-netnsid \d+/g, 'link-netnsid <n>'],
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
const CTRL_C = /^\s*\^C\s*$/;
export const isElision = (line: string) => ELISION.test(line);

export function lineMatches(expected: string, actual: string): boolean {
  if (isElision(expected)) return false;
  if (CTRL_C.test(expected)) return !actual.trim(); // the terminal echoes ^C on the blank line ping prints
  if (expected.endsWith(' (re)')) {
    // Against the raw line or the normalised one, so a pattern may say <mac> or spell a MAC out.
    const re = userPattern(`^(?:${expected.slice(0, -5)})$`);
    return re.test(actual.trimEnd()) || re.test(normaliseLine(actual));
  }
  if (expected.endsWith(' (glob)')) return globPattern(normaliseLine(expected.slice(0, -7))).test(normaliseLine(actual));
  return normaliseLine(expected) === normaliseLine(actual);
}

/** True when `actual` lines match `expected` lines, `...` matching any run of lines. */
export function matchLines(expected: string[], actual: string[]): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === expected.length) r = j === actual.length;
    else if (isElision(expected[i]!)) r = go(i + 1, j) || (j < actual.length && go(i, j + 1));
    else if (CTRL_C.test(expected[i]!)) r = go(i + 1, j) || (j < actual.length && lineMatches(expected[i]!, actual[j]!) && go(i + 1, j + 1));
    else r = j < actual.length && lineMatches(expected[i]!, actual[j]!) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
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

/**
 * Aligns the document with the machine (jsdiff's Myers diff, lines compared through the
 * normalisers and markers); a `...` line takes the machine lines that land next to it.
 */
export function alignTranscript(spec: TranscriptSpec, output: string): DiffLine[] {
  const doc = documentLines(spec);
  const actual = machineLines(output);
  const end = (spec.line ?? 1) + spec.lines.length;
  const parts = diffArrays(doc.map((d) => d.text), actual, { comparator: (a, b) => lineMatches(a, b) });
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const p of parts) {
    for (let k = 0; k < p.count; k++) {
      if (p.added) out.push({ side: 'machine', text: actual[j]!, line: doc[i]?.line ?? end }), j++;
      else if (p.removed) out.push({ side: 'document', text: doc[i]!.text, line: doc[i]!.line, ...(isElision(doc[i]!.text) ? { elided: [] } : {}), ...(CTRL_C.test(doc[i]!.text) ? { optional: true } : {}) }), i++;
      else out.push({ side: 'both', text: doc[i]!.text, machine: actual[j]!, line: doc[i]!.line }), i++, j++;
    }
  }
  return absorbElisions(out);
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
  return out;
}

/** The lines that differ, as a diff labelled document/machine with `@@ file:line @@` hunks. */
export function formatTranscriptDiff(aligned: DiffLine[], file?: string): string {
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
export const mismatchCount = (aligned: DiffLine[]) => aligned.filter((d, i) => isMismatch(d) && (i === 0 || !isMismatch(aligned[i - 1]!))).length;

export function checkTranscript(spec: TranscriptSpec | string[], output: string): Verdict {
  const s = Array.isArray(spec) ? { lines: spec } : spec;
  const expected = documentLines(s).map((d) => d.text);
  const actual = machineLines(output);
  const ok = matchLines(expected, actual);
  const where = s.line ? ` at ${s.file ? `${s.file}:` : 'line '}${s.line}` : '';
  const what = `output as printed in the document${where} (${expected.length} lines${s.head ? ', first lines only' : ''})`;
  if (ok) return verdict('transcript', true, what, actual.join('\n'));
  const aligned = alignTranscript(s, output);
  const n = mismatchCount(aligned);
  // The alignment can explain a mismatch that only the exact matcher sees as one: show everything then.
  const body = n ? formatTranscriptDiff(aligned, s.file) : [...expected.map((l) => `- ${l}`), ...actual.map((l) => `+ ${l}`)].join('\n');
  return verdict('transcript', false, what, `${n || 1} ${n === 1 || !n ? 'mismatch' : 'mismatches'}\n${body}`);
}
