// `conntrack:` an entry of `conntrack -L` by protocol, state, tuples and flags, or its absence.
import { z } from 'zod';
import { checkConntrack } from '../conntrack.js';
import { sandboxKind } from '../kind.js';
import { oneOrMany } from '../match-schemas.js';

const tuple = z
  .object({
    src: z.string().optional(),
    dst: z.string().optional(),
    sport: z.union([z.string(), z.number()]).optional(),
    dport: z.union([z.string(), z.number()]).optional(),
    type: z.union([z.string(), z.number()]).optional(),
    code: z.union([z.string(), z.number()]).optional(),
  })
  .strict();
const conntrackExpect = z
  .object({
    proto: z.string().optional(),
    state: z.string().optional(),
    orig: tuple.optional(),
    reply: tuple.optional(),
    flags: z.array(z.string()).optional(),
    absent: z.boolean().optional(),
    args: z.string().optional(),
  })
  .strict();
export type ConntrackExpect = z.output<typeof conntrackExpect>;

export const conntrack = sandboxKind({
  key: 'conntrack',
  schema: oneOrMany(conntrackExpect),
  reads: 'state',
  connectivity: false,
  example: { proto: 'tcp', state: 'ESTABLISHED', orig: { dport: 5005 }, flags: ['ASSURED'] },
  check: checkConntrack,
});
