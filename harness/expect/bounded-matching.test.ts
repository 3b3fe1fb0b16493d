// Issue 23, item 4: a pattern written in a scenario or a document can never hold a run.
// `^(a+)+$` against 27 a's and a "!" takes seconds on a backtracking engine (2^27 paths).
import { describe, expect, it } from 'vitest';
import { matchesString } from './pattern.js';
import { matchText } from './text.js';
import { lineMatches } from './transcript.js';

const EVIL = '^(a+)+$';
const TEXT = `${'a'.repeat(27)}!`;

function ms(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

describe('a catastrophic pattern answers at once, in every kind', () => {
  it('stdout regex / not_regex', () => {
    expect(ms(() => expect(matchText('stdout', TEXT, { regex: [EVIL], not_regex: [EVIL] }).map((v) => v.ok)).toEqual([false, true]))).toBeLessThan(500);
  });
  it('a "/re/" value of a list match, a capture, a rule', () => {
    expect(ms(() => expect(matchesString(TEXT, `/${EVIL}/`)).toBe(false))).toBeLessThan(500);
  });
  it('a transcript line ending in (re), and a glob with many stars', () => {
    expect(ms(() => expect(lineMatches(`(a+)+ (re)`, TEXT)).toBe(false))).toBeLessThan(500);
    expect(ms(() => expect(lineMatches(`${'*a'.repeat(12)}* (glob)`, `${'a'.repeat(40)}b`)).toBe(true))).toBeLessThan(500);
    expect(ms(() => expect(lineMatches(`${'*a'.repeat(30)}*b (glob)`, 'a'.repeat(60))).toBe(false))).toBeLessThan(500);
  });
});
