// `ebtables:` the same checks on ebtables (`ebtables -t TABLE -L --Lc`); policies and targets are upper-case.
import { z } from 'zod';
import { ruleNeededProblems } from '../chain-rules.js';
import { checkEbtables } from '../ebtables.js';
import { sandboxKind } from '../kind.js';
import { oneOrMany } from '../match-schemas.js';
import { iptablesExpect } from './iptables.js';

const ebtablesExpect = iptablesExpect.extend({ table: z.enum(['filter', 'nat', 'broute']).default('filter') }).strict();
export type EbtablesExpect = z.output<typeof ebtablesExpect>;

export const ebtables = sandboxKind({
  key: 'ebtables',
  schema: oneOrMany(ebtablesExpect),
  reads: 'state',
  connectivity: false,
  example: { chain: 'FORWARD', rule: '-p IPv4 --ip-dst 10.9.0.2 -j ACCEPT', packets: '>0' },
  fileProblems: ruleNeededProblems,
  check: checkEbtables,
});
