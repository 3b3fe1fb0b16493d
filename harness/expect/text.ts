// stdout / stderr / output: contains, not_contains, regex, not_regex, empty.
import type { CommandResult } from '../exec/command-result.js';
import { userPattern } from '../text/user-pattern.js';
import { outputKind } from './kind.js';
import { textMatch, type TextMatch } from './match-schemas.js';
import { verdict, type Verdict } from './verdict.js';

export function matchText(kind: string, text: string, spec: TextMatch): Verdict[] {
  const m = typeof spec === 'string' ? { contains: [spec] } : spec;
  const out: Verdict[] = [];
  const shown = text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  for (const s of m.contains ?? []) out.push(verdict(kind, text.includes(s), `contains "${s}"`, shown));
  for (const s of m.not_contains ?? []) out.push(verdict(kind, !text.includes(s), `does not contain "${s}"`, shown));
  for (const r of m.regex ?? []) out.push(verdict(kind, userPattern(r, { multiline: true }).test(text), `matches /${r}/`, shown));
  for (const r of m.not_regex ?? []) out.push(verdict(kind, !userPattern(r, { multiline: true }).test(text), `does not match /${r}/`, shown));
  if (m.empty !== undefined) out.push(verdict(kind, (text.trim() === '') === m.empty, m.empty ? 'empty' : 'not empty', shown));
  return out;
}

type Stream = 'stdout' | 'stderr' | 'output';

function streamOf(r: CommandResult, kind: Stream): string {
  return kind === 'output' ? r.stdout + r.stderr : r[kind];
}

/** The kind of one stream (`output`: stdout then stderr): a text match, on a stopped background's output too. */
export const streamKind = <const K extends Stream>(key: K) =>
  outputKind({
    key,
    schema: textMatch,
    connectivity: false,
    onStopStep: true,
    onKselftestStep: true,
    example: { contains: 'ok', not_regex: ['^error'] },
    check: (spec, r) => matchText(key, streamOf(r, key), spec),
  });
