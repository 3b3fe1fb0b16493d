// The value schemas several expectation kinds share: numbers and comparisons, text matches,
// list matches over JSON items. Each kind's own schema is in its file under kinds/.
import { z } from 'zod';

/** One value or a list of them, always a list once parsed. */
export const oneOrMany = <T extends z.ZodTypeAny>(t: T) => z.union([t, z.array(t)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

/** "3", 3, ">0", ">=2", "<5": a number or a comparison against one. */
export const numberMatch = z.union([z.number(), z.string().regex(/^(>=|<=|>|<|=)?\s*\d+$/, 'write a number or a comparison like ">0"')]);

export const textMatch = z.union([
  z.string(),
  z
    .object({
      contains: oneOrMany(z.string()).optional(),
      not_contains: oneOrMany(z.string()).optional(),
      regex: oneOrMany(z.string()).optional(),
      not_regex: oneOrMany(z.string()).optional(),
      empty: z.boolean().optional(),
    })
    .strict(),
]);

/** A partial object matched against what a tool printed as JSON (ip -j, bridge -j). */
const pattern = z.record(z.string(), z.unknown());
export const listMatch = z
  .object({
    has: z.array(pattern).optional(),
    lacks: z.array(pattern).optional(),
    only: z.array(pattern).optional(),
    count: numberMatch.optional(),
    where: pattern.optional(),
  })
  .strict();
/** A list match on what a query of the sandbox printed, with extra arguments for the query. */
export const stateMatch = listMatch.extend({ args: z.string().optional() }).strict();

export type NumberMatch = z.output<typeof numberMatch>;
export type TextMatch = z.output<typeof textMatch>;
export type ListMatch = z.output<typeof listMatch>;
