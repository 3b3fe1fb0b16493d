// Checks over tables of chains with policies and counted rules, as iptables-save -c and
// ebtables -L --Lc print them: a policy, a rule's presence, absence and place, its counters.
import { describeExit } from '../exec/command-result.js';
import type { KindProblem } from './kind.js';
import type { IptablesExpect } from './kinds/iptables.js';
import { closestBy, sharedWords } from './closest.js';
import { matchesNumber } from './number-match.js';
import { matchesString, regexOf } from './pattern.js';
import { verdict, type EvalContext, type Verdict } from './verdict.js';

export interface ChainRule {
  table: string;
  chain: string;
  spec: string;
  packets: number;
  bytes: number;
}
export interface ChainState {
  policies: Map<string, string>; // "table/chain" -> policy
  rules: ChainRule[];
}
/** What iptables and ebtables expectations share; `table` is the tool's own table name. */
export type ChainExpect = Omit<IptablesExpect, 'table'> & { table: string };

/** How one tool lists its tables: the command, how to read it, a rule as the tool writes it. */
export interface ChainTool {
  kind: string;
  command(table: string): string;
  parse(text: string): ChainState;
  normalize(spec: string): string;
  line(this: void, rule: ChainRule): string;
}

async function readState(tool: ChainTool, table: string, ctx: EvalContext): Promise<ChainState | Error> {
  const command = tool.command(table);
  const r = await ctx.query(command);
  // A table that cannot be read is not an empty table: `absent` must not pass on it.
  return r.exitCode === 0 ? tool.parse(r.stdout) : new Error(`${command}: ${describeExit(r)}: ${r.stderr.trim()}`);
}

function checkOne(tool: ChainTool, spec: ChainExpect, state: ChainState): Verdict[] {
  const { kind, line } = tool;
  const out: Verdict[] = [];
  const where = `${spec.table}/${spec.chain}`;
  const chainRules = state.rules.filter((r) => r.table === spec.table && r.chain === spec.chain);
  const policy = state.policies.get(where);
  const listing = `policy ${policy ?? '(no such chain)'}\n${chainRules.map(line).join('\n')}`;
  const leading = (head: string, rules: ChainRule[]) => (rules.length ? `${head}: ${rules.map(line).join(' or ')}\n${listing}` : listing);
  if (spec.policy !== undefined) out.push(verdict(kind, policy === spec.policy, `${where} policy ${spec.policy}`, listing));
  if (spec.rule !== undefined) {
    const want = regexOf(spec.rule) ? spec.rule : tool.normalize(spec.rule);
    const rule = chainRules.find((r) => matchesString(r.spec, want));
    if (spec.absent) out.push(verdict(kind, !rule, `${where} lacks "${want}"`, leading('found', rule ? [rule] : [])));
    else {
      const near = rule ? [] : closestBy(chainRules, (r) => (regexOf(want) ? 0 : sharedWords(r.spec, want)));
      out.push(verdict(kind, !!rule, `${where} has "${want}"`, leading('closest', near)));
      if (rule && spec.position !== undefined) {
        const at = chainRules.indexOf(rule) + 1;
        out.push(verdict(kind, at === spec.position, `${where} "${want}" at position ${spec.position}`, `at position ${at}: ${line(rule)}\n${listing}`));
      }
      for (const what of ['packets', 'bytes'] as const) {
        const count = spec[what];
        if (rule && count !== undefined) out.push(verdict(kind, matchesNumber(rule[what], count), `"${want}" ${what} ${count}`, leading('rule', [rule])));
      }
    }
  } else if (spec.absent) out.push(verdict(kind, policy === undefined, `no chain ${where}`, listing));
  else if (spec.policy === undefined) out.push(verdict(kind, policy !== undefined, `chain ${where} exists`, listing));
  return out;
}

export async function checkChainRules(tool: ChainTool, specs: ChainExpect[], ctx: EvalContext): Promise<Verdict[]> {
  const out: Verdict[] = [];
  const cache = new Map<string, ChainState | Error>();
  for (const spec of specs) {
    let state = cache.get(spec.table);
    if (!state) {
      state = await readState(tool, spec.table, ctx);
      cache.set(spec.table, state);
    }
    if (state instanceof Error) out.push(verdict(tool.kind, false, `${spec.table}/${spec.chain} can be read`, state.message));
    else out.push(...checkOne(tool, spec, state));
  }
  return out;
}

/** A rule's place and counters need a rule that is present: the file problems of both kinds. */
export function ruleNeededProblems(specs: ChainExpect[]): KindProblem[] {
  const out: KindProblem[] = [];
  for (const [i, t] of specs.entries())
    for (const key of ['position', 'packets', 'bytes'] as const)
      if (t[key] !== undefined && (t.rule === undefined || t.absent))
        out.push({ path: [i, key], message: `${key} needs a rule that is present (rule:, without absent)` });
  return out;
}
