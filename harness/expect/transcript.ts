// Compares a command's output with the lines a document printed under it, the way cram and
// testscript users expect: what varies between runs (MACs, ifindexes, times, rtt, counters,
// ports, timers) is normalised on both sides; a line `...` stands for any number of lines; a
// line ending in ` (re)` is a regular expression, one ending in ` (glob)` a glob.
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
  [/\bid[= ]\d+/g, 'id <n>'],
  [/\b(sport|dport)=[1-6]\d{4}\b/g, '$1=<port>'], // ephemeral ports; service ports stay
  [/^(tcp|udp|icmp)\s+(\d+) \d+ /, '$1 $2 <timer> '],
  [/\b(valid|preferred)_lft \S+/g, '$1_lft <t>'],
  [/\b8000\.[0-9a-f]{12}\b/g, '8000.<bridge-id>'],
  [/\s+$/, ''],
];

export function normaliseLine(line: string): string {
  return NORMALISERS.reduce((l, [re, to]) => l.replace(re, to), line);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function lineMatches(expected: string, actual: string): boolean {
  if (expected.endsWith(' (re)')) {
    // Against the raw line or the normalised one, so a pattern may say <mac> or spell a MAC out.
    const re = new RegExp(`^(?:${expected.slice(0, -5)})$`);
    return re.test(actual.trimEnd()) || re.test(normaliseLine(actual));
  }
  if (expected.endsWith(' (glob)')) return globToRegExp(normaliseLine(expected.slice(0, -7))).test(normaliseLine(actual));
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
    else if (expected[i]!.trim() === '...') r = go(i + 1, j) || (j < actual.length && go(i, j + 1));
    else r = j < actual.length && lineMatches(expected[i]!, actual[j]!) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

const trimBlank = (lines: string[]) => {
  const out = [...lines];
  while (out.length && !out.at(-1)!.trim()) out.pop();
  while (out.length && !out[0]!.trim()) out.shift();
  return out;
};

/** A short diff: expected lines marked - when not found in order, actual lines shown with +. */
function diff(expected: string[], actual: string[]): string {
  return [...expected.map((l) => `- ${l}`), ...actual.map((l) => `+ ${l}`)].join('\n');
}

export function checkTranscript(expectedLines: string[], output: string): Verdict {
  const expected = trimBlank(expectedLines);
  const actual = trimBlank(output.split('\n'));
  const ok = matchLines(expected, actual);
  return verdict('transcript', ok, `output as printed in the document (${expected.length} lines)`, ok ? actual.join('\n') : diff(expected, actual));
}
