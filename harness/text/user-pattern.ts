// Every regular expression that comes from a scenario file or a document (expect `regex`,
// "/re/" values, `save:`, `ready.output`, transcript ` (re)` and ` (glob)` lines, a document's
// `prompt=`) runs here, on RE2 (re2js): matching takes time linear in the text, whatever the
// pattern, so no pattern can hold a run (`^(a+)+$` on 29 characters took 24 s and more with
// JavaScript's backtracking engine, deaf to Ctrl-C). RE2 has no lookaround and no
// backreferences: such a pattern is refused with that said, at load time (scenario/static-checks.ts).
import { RE2JS } from 're2js';

/** A compiled pattern of a scenario's or document's author. */
export interface UserPattern {
  readonly source: string;
  /** Whether the pattern matches somewhere in `text`. */
  test(text: string): boolean;
  /** The first match and its groups, with its index; null when there is none. */
  exec(text: string): (string[] & { index: number }) | null;
}

export interface PatternOptions {
  /** `^` and `$` match at line starts and ends too (JavaScript's `m` flag). */
  multiline?: boolean;
}

/** A pattern RE2 cannot run, in words an author can act on. */
export class PatternError extends Error {
  override name = 'PatternError';
}

/** What RE2 says of a construct it lacks, and what to tell the author instead. */
const UNSUPPORTED: [RegExp, string][] = [
  [/`\(\?[=!]/, 'a lookahead, (?=...) or (?!...)'],
  [/`\(\?<[=!]/, 'a lookbehind, (?<=...) or (?<!...)'],
  [/escape sequence: `\\[1-9k]/, 'a backreference, \\1 or \\k<name>'],
];

function plainWords(source: string, err: unknown): string {
  const said = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
  const lacking = UNSUPPORTED.find(([re]) => re.test(said))?.[1];
  if (lacking)
    return `invalid regex /${source}/: it has ${lacking}; patterns run on a linear-time engine (RE2), which has none, so that no pattern can stall a run: rewrite it without`;
  return `invalid regex /${source}/: ${said}`;
}

const compiled = new Map<string, RE2JS>();
const CACHE_LIMIT = 2000;

function compile(source: string, opts: PatternOptions): RE2JS {
  const key = `${opts.multiline ? 'm' : '-'}${source}`;
  let re = compiled.get(key);
  if (!re) {
    try {
      re = RE2JS.compile(source, opts.multiline ? RE2JS.MULTILINE : 0);
    } catch (err) {
      throw new PatternError(plainWords(source, err));
    }
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

/** `source` compiled for matching; throws PatternError (in plain words) when RE2 cannot run it. */
export function userPattern(source: string, opts: PatternOptions = {}): UserPattern {
  const re = compile(source, opts);
  return {
    source,
    test: (text) => re.test(text),
    exec: (text) => re.exec(text) as (string[] & { index: number }) | null,
  };
}

/** Why `source` cannot be a pattern, or undefined when it can: for load-time checks. */
export function patternProblem(source: string, opts: PatternOptions = {}): string | undefined {
  try {
    compile(source, opts);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A whole-line glob (`*` any text, `?` one character) as a pattern. */
export function globPattern(glob: string): UserPattern {
  return userPattern(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}
