// `nft:` a table, a chain and its policy, a rule by handle, comment or text, its counter.
import { z } from 'zod';
import { sandboxKind, type KindProblem } from '../kind.js';
import { numberMatch, oneOrMany } from '../match-schemas.js';
import { checkNft } from '../nft.js';

/** A table ("inet filter", or "nat" for "ip nat"), a chain, a rule by handle, comment or text. */
const nftExpect = z
  .object({
    table: z
      .string()
      .regex(/^((ip|ip6|inet|arp|bridge|netdev) +)?[A-Za-z0-9_.-]+$/, 'write a table as "[family] name", like "inet filter" (just "nat" means "ip nat")'),
    chain: z.string().optional(),
    policy: z.enum(['accept', 'drop']).optional(),
    handle: z.number().int().min(1).optional(),
    comment: z.string().optional(),
    rule: z.string().optional(),
    packets: numberMatch.optional(),
    bytes: numberMatch.optional(),
    absent: z.boolean().optional(),
  })
  .strict();
export type NftExpect = z.output<typeof nftExpect>;

/** What an nft expectation's keys need of each other: a rule selector needs a chain, a counter a rule. */
function keysNeeded(specs: NftExpect[]): KindProblem[] {
  const out: KindProblem[] = [];
  for (const [i, t] of specs.entries()) {
    const selected = t.handle !== undefined || t.comment !== undefined || t.rule !== undefined;
    const at = (key: string, message: string) => out.push({ path: [i, key], message });
    if (t.chain === undefined)
      for (const key of ['policy', 'handle', 'comment', 'rule'] as const) if (t[key] !== undefined) at(key, `${key} needs a chain (chain:)`);
    for (const key of ['packets', 'bytes'] as const)
      if (t[key] !== undefined && (!selected || t.absent)) at(key, `${key} needs a rule that is present (handle:, comment: or rule:, without absent)`);
    if (t.policy !== undefined && t.absent && !selected) at('absent', 'a chain that is absent has no policy: drop policy: or absent:');
  }
  return out;
}

export const nft = sandboxKind({
  key: 'nft',
  schema: oneOrMany(nftExpect),
  reads: 'state',
  connectivity: false,
  example: { table: 'inet filter', chain: 'input', comment: 'allow-5000', packets: '>0' },
  fileProblems: keysNeeded,
  check: checkNft,
});
