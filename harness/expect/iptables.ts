// Reads `iptables-save -c` into tables, chain policies and rules with counters, and checks a
// policy, a rule's presence or absence, and its packet counter.
import type { IptablesExpect } from './kinds/iptables.js';
import { normalizeRule } from '../text/iptables-rule.js';
import { checkChainRules, type ChainRule, type ChainState, type ChainTool } from './chain-rules.js';
import type { EvalContext, Verdict } from './verdict.js';

export type IptablesRule = ChainRule;
export type IptablesState = ChainState;

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

const IPTABLES: ChainTool = {
  kind: 'iptables',
  command: (table) => `iptables-save -c -t ${table}`,
  parse: parseIptablesSave,
  normalize: normalizeRule,
  line: (r) => `[${r.packets}:${r.bytes}] -A ${r.chain} ${r.spec}`,
};

export async function checkIptables(specs: IptablesExpect[], ctx: EvalContext): Promise<Verdict[]> {
  return checkChainRules(IPTABLES, specs, ctx);
}
