// Partial matching of JSON that tools print (ip -j, bridge -j): a pattern lists only the fields
// it cares about. Scalars compare as text ("16" matches 16); a scalar matches an array holding
// it (state: STALE vs ["STALE"]); "/re/" is a regular expression; a nested array pattern needs
// each of its items matched by some actual item.
import type { ListMatch } from './match-schemas.js';
import { userPattern, type UserPattern } from '../text/user-pattern.js';
import { closestBy } from './closest.js';
import { matchesNumber } from './number-match.js';
import { verdict, type Verdict } from './verdict.js';
import { field } from '../text/json-field.js';

/** A pattern string written "/re/" is a regular expression, in every expectation kind. */
export function regexOf(want: string): UserPattern | undefined {
  return want.length > 1 && want.startsWith('/') && want.endsWith('/') ? userPattern(want.slice(1, -1)) : undefined;
}

/** Text against a pattern string: "/re/" searches; plain text is compared whole, or found inside with `contains`. */
export function matchesString(actual: string, want: string, plain: 'equals' | 'contains' = 'equals'): boolean {
  const re = regexOf(want);
  if (re) return re.test(actual);
  return plain === 'contains' ? actual.includes(want) : actual === want;
}

/** A value as written, as String() writes it (null as "null"); an object or array as JSON, not "[object Object]". */
const scalarText = (v: unknown): string => (v === null || v === undefined ? String(v) : field(v));

function matchScalar(actual: unknown, want: unknown): boolean {
  if (typeof want === 'string' && regexOf(want)) return matchesString(field(actual), want);
  if (want === null) return actual === null || actual === undefined;
  return scalarText(actual) === scalarText(want);
}

export function matchesPattern(actual: unknown, want: unknown): boolean {
  if (Array.isArray(want)) {
    if (!Array.isArray(actual)) return false;
    return want.every((w) => actual.some((a) => matchesPattern(a, w)));
  }
  if (want !== null && typeof want === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(want).every(([k, w]) => matchesPattern((actual as Record<string, unknown>)[k], w));
  }
  if (Array.isArray(actual)) return actual.some((a) => matchScalar(a, want));
  return matchScalar(actual, want);
}

const show = (v: unknown) => JSON.stringify(v);

/** A short, readable rendering of the items, with only the keys the patterns talk about. */
function summarize(items: unknown[], patterns: Record<string, unknown>[]): string {
  const keys = [...new Set(patterns.flatMap((p) => Object.keys(p)))];
  if (!keys.length || !items.length) return show(items);
  return items
    .map((it) => {
      const o = it as Record<string, unknown>;
      return show(Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]])));
    })
    .join('\n');
}

/** How many of a pattern's keys an item matches: the measure of "closest". */
export function keysMatched(item: unknown, want: Record<string, unknown>): number {
  if (item === null || typeof item !== 'object') return 0;
  return Object.entries(want).filter(([k, w]) => matchesPattern((item as Record<string, unknown>)[k], w)).length;
}

/** has / lacks / only / count over a list of objects, optionally narrowed by `where`. */
export function matchList(kind: string, all: unknown[], spec: ListMatch): Verdict[] {
  const items = spec.where ? all.filter((i) => matchesPattern(i, spec.where)) : all;
  const patterns = [...(spec.has ?? []), ...(spec.lacks ?? []), ...(spec.only ?? []), ...(spec.where ? [spec.where] : [])];
  const actual = summarize(items, patterns);
  const out: Verdict[] = [];
  const brief = (i: unknown) => summarize([i], patterns);
  for (const p of spec.has ?? []) {
    const ok = items.some((i) => matchesPattern(i, p));
    const near = ok ? [] : closestBy(items, (i) => keysMatched(i, p));
    out.push(verdict(kind, ok, `has ${show(p)}`, near.length ? `closest: ${near.map(brief).join(' or ')}\n${actual}` : actual));
  }
  for (const p of spec.lacks ?? []) {
    const found = items.filter((i) => matchesPattern(i, p));
    out.push(verdict(kind, !found.length, `lacks ${show(p)}`, found.length ? `found: ${found.slice(0, 2).map(brief).join(' and ')}\n${actual}` : actual));
  }
  if (spec.only) {
    const ok = items.every((i) => spec.only!.some((p) => matchesPattern(i, p))) && spec.only.every((p) => items.some((i) => matchesPattern(i, p)));
    out.push(verdict(kind, ok, `only ${spec.only.map(show).join(', ')}`, actual));
  }
  if (spec.count !== undefined)
    out.push(
      verdict(
        kind,
        matchesNumber(items.length, spec.count),
        `count ${spec.count}${spec.where ? ` where ${show(spec.where)}` : ''}`,
        `${items.length}: ${actual}`,
      ),
    );
  return out;
}
