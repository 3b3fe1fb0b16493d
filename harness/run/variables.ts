// Values a step saves from its output (`save: { PEER: 'peer_ifindex: (\d+)' }`) for later steps:
// exported to their commands as shell variables and substituted as ${NAME} in expectations.
import { shellQuote } from '../exec/shell-quote.js';
import type { Expectations } from '../scenario/schema.js';
import { substitute } from '../scenario/substitute.js';
import { verdict, type Verdict } from '../expect/verdict.js';
import { userPattern } from '../text/user-pattern.js';

export type Vars = Map<string, string>;

/** `export A='1' B='2'; ` — a prefix that gives a script the saved variables. */
export function exportPrefix(vars: Vars): string {
  if (!vars.size) return '';
  return `export ${[...vars].map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ')}; `;
}

export function withVars(e: Expectations, vars: Vars): Expectations {
  return vars.size ? substitute(e, (k) => vars.get(k)) : e;
}

/** Applies a step's `save:` to its stdout; a regex that does not match is a failed check. */
export function saveVars(save: Record<string, string> | undefined, stdout: string, vars: Vars): Verdict[] {
  const out: Verdict[] = [];
  for (const [name, re] of Object.entries(save ?? {})) {
    const m = userPattern(re, { multiline: true }).exec(stdout);
    if (m?.[1] !== undefined) vars.set(name, m[1]);
    out.push(verdict('save', m?.[1] !== undefined, `${name} from /${re}/`, m?.[1] ?? stdout.slice(0, 500)));
  }
  return out;
}
