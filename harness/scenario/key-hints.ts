// Hints beside the parser's and the schema's own words: the key that was probably meant
// (`pign` -> `ping`), and what a YAML indentation error means for someone who rarely writes YAML.
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import type { Path } from './positions.js';

/** The object schemas a value at `path` may be validated by (a union offers several). */
function objectsAt(schema: z.ZodTypeAny, path: Path): z.AnyZodObject[] {
  const def = schema._def as { innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny; options?: z.ZodTypeAny[] };
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) return objectsAt(def.innerType!, path);
  if (schema instanceof z.ZodEffects) return objectsAt(def.schema!, path);
  if (schema instanceof z.ZodUnion) return def.options!.flatMap((o) => objectsAt(o, path));
  if (schema instanceof z.ZodArray) return typeof path[0] === 'number' ? objectsAt(schema.element as z.ZodTypeAny, path.slice(1)) : [];
  if (schema instanceof z.ZodObject) {
    if (!path.length) return [schema as z.AnyZodObject];
    const next = (schema.shape as Record<string, z.ZodTypeAny>)[path[0] as string];
    return next ? objectsAt(next, path.slice(1)) : [];
  }
  return [];
}

/** ` (did you mean "ping"?)` when a key allowed at `path` is a typo away from `key`, else "". */
export function didYouMean(schema: z.ZodTypeAny, path: Path, key: string): string {
  const known = [...new Set(objectsAt(schema, path).flatMap((o) => Object.keys(o.shape as object)))];
  if (!known.length) return '';
  // A swap of two letters (pign) costs 2 edits: among near keys, one with the same letters wins.
  const sorted = (w: string) => [...w].sort().join('');
  const near = known
    .map((k) => ({ k, d: distance(key, k) - (sorted(k) === sorted(key) ? 1 : 0) }))
    .filter(({ k, d }) => d <= 2 && d < k.length)
    .sort((a, b) => a.d - b.d);
  return near[0] ? ` (did you mean "${near[0].k}"?)` : '';
}

/** Words for the YAML errors that indentation causes, added after the parser's message. */
export function yamlHint(code: string): string {
  switch (code) {
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
      return ' — hint: keys that belong together must line up in the same column (indent with spaces, as deep as the key above)';
    case 'TAB_AS_INDENT':
      return ' — hint: YAML indents with spaces only; replace the tab with spaces';
    default:
      return '';
  }
}
