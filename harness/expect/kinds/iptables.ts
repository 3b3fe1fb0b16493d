// `iptables:` a chain's policy, a rule's presence, absence, place and counters (iptables-save -c).
import { z } from 'zod';
import { ruleNeededProblems } from '../chain-rules.js';
import { checkIptables } from '../iptables.js';
import { sandboxKind } from '../kind.js';
import { numberMatch, oneOrMany } from '../match-schemas.js';

export const iptablesExpect = z
  .object({
    table: z.enum(['filter', 'nat', 'mangle', 'raw', 'security']).default('filter'),
    chain: z.string(),
    policy: z.string().optional(),
    rule: z.string().optional(),
    /** Where the rule sits in its chain, 1 = first (what `iptables -I CHAIN 1` makes). */
    position: z.number().int().min(1).optional(),
    packets: numberMatch.optional(),
    bytes: numberMatch.optional(),
    absent: z.boolean().optional(),
  })
  .strict();
export type IptablesExpect = z.output<typeof iptablesExpect>;

export const iptables = sandboxKind({
  key: 'iptables',
  schema: oneOrMany(iptablesExpect),
  reads: 'state',
  connectivity: false,
  example: { table: 'nat', chain: 'POSTROUTING', rule: '/-j MASQUERADE$/', packets: '>0' },
  fileProblems: ruleNeededProblems,
  check: checkIptables,
});
