// Reads `iptables-save -c` into tables, chain policies and rules with counters, and checks a
// policy, a rule's presence or absence, and its packet counter.
import { describeExit } from '../exec/command-result.js';
import type { IptablesExpect } from '../scenario/schema.js';
import { closestBy, sharedWords } from './closest.js';
import { matchesNumber } from './number-match.js';
import { matchesString, regexOf } from './pattern.js';
import { verdict, type EvalContext, type Verdict } from './verdict.js';

export interface IptablesRule {
  table: string;
  chain: string;
  spec: string;
  packets: number;
  bytes: number;
}
export interface IptablesState {
  policies: Map<string, string>; // "table/chain" -> policy
  rules: IptablesRule[];
}

export function parseIptablesSave(text: string): IptablesState {
  const policies = new Map<string, string>();
  const rules: IptablesRule[] = [];
  let table = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    const pol = /^:(\S+) (\S+)/.exec(line);
    if (pol) policies.set(`${table}/${pol[1]}`, pol[2]!);
    const rule = /^(?:\[(\d+):(\d+)\] )?-A (\S+) (.*)$/.exec(line);
    if (rule) rules.push({ table, chain: rule[3]!, spec: normalizeRule(rule[4]!), packets: Number(rule[1] ?? 0), bytes: Number(rule[2] ?? 0) });
  }
  return { policies, rules };
}

/** Makes a rule comparable to iptables-save's canonical form: /32 on bare addresses, -m tcp implied by -p tcp. */
export function normalizeRule(spec: string): string {
  return spec
    .replace(/^-A \S+ /, '')
    .replace(/\s+/g, ' ')
    .replace(/(^| )(-[sd]|--source|--destination) (\d+\.\d+\.\d+\.\d+)(?=$| )/g, '$1$2 $3/32')
    .replace(/-p (tcp|udp) -m \1 /g, '-p $1 ')
    .replace(/--destination /g, '-d ')
    .replace(/--source /g, '-s ')
    .trim();
}

export async function checkIptables(specs: IptablesExpect[], ctx: EvalContext): Promise<Verdict[]> {
  const out: Verdict[] = [];
  const cache = new Map<string, IptablesState | Error>();
  for (const spec of specs) {
    let state = cache.get(spec.table);
    if (!state) {
      const command = `iptables-save -c -t ${spec.table}`;
      const r = await ctx.query(command);
      // A table that cannot be read is not an empty table: `absent` must not pass on it.
      state = r.exitCode === 0 ? parseIptablesSave(r.stdout) : new Error(`${command}: ${describeExit(r)}: ${r.stderr.trim()}`);
      cache.set(spec.table, state);
    }
    if (state instanceof Error) {
      out.push(verdict('iptables', false, `${spec.table}/${spec.chain} can be read`, state.message));
      continue;
    }
    const where = `${spec.table}/${spec.chain}`;
    const chainRules = state.rules.filter((r) => r.chain === spec.chain);
    const policy = state.policies.get(where);
    const line = (r: IptablesRule) => `[${r.packets}:${r.bytes}] -A ${r.chain} ${r.spec}`;
    const listing = `policy ${policy ?? '(no such chain)'}\n${chainRules.map(line).join('\n')}`;
    const leading = (head: string, rules: IptablesRule[]) => (rules.length ? `${head}: ${rules.map(line).join(' or ')}\n${listing}` : listing);
    if (spec.policy !== undefined) out.push(verdict('iptables', policy === spec.policy, `${where} policy ${spec.policy}`, listing));
    if (spec.rule !== undefined) {
      const want = regexOf(spec.rule) ? spec.rule : normalizeRule(spec.rule);
      const rule = chainRules.find((r) => matchesString(r.spec, want));
      if (spec.absent) out.push(verdict('iptables', !rule, `${where} lacks "${want}"`, leading('found', rule ? [rule] : [])));
      else {
        const near = rule ? [] : closestBy(chainRules, (r) => (regexOf(want) ? 0 : sharedWords(r.spec, want)));
        out.push(verdict('iptables', !!rule, `${where} has "${want}"`, leading('closest', near)));
        if (rule && spec.position !== undefined) {
          const at = chainRules.indexOf(rule) + 1;
          out.push(verdict('iptables', at === spec.position, `${where} "${want}" at position ${spec.position}`, `at position ${at}: ${line(rule)}\n${listing}`));
        }
        if (rule && spec.packets !== undefined)
          out.push(verdict('iptables', matchesNumber(rule.packets, spec.packets), `"${want}" packets ${spec.packets}`, leading('rule', [rule])));
      }
    } else if (spec.absent) out.push(verdict('iptables', policy === undefined, `no chain ${where}`, listing));
    else if (spec.policy === undefined) out.push(verdict('iptables', policy !== undefined, `chain ${where} exists`, listing));
  }
  return out;
}
