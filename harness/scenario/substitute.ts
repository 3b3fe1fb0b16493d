// `${name}` in scenario text: replaced by a scenario's `vars:` and a `repeat:` item at load, and
// by values steps `save:` at run time. One syntax, one implementation for both.

/** `${name}`: letters, digits and _, not starting with a digit. */
const VAR_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${name}` in every string inside `value`; names `lookup` does not know stay as written. */
export function substitute<T>(value: T, lookup: (name: string) => string | undefined): T {
  if (typeof value === 'string') return value.replace(VAR_REF, (m, k: string) => lookup(k) ?? m) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => substitute(v, lookup)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, lookup)])) as T;
  return value;
}

/** The names `${...}` refers to in a text. */
export function refsIn(text: string): string[] {
  return [...text.matchAll(VAR_REF)].map((m) => m[1]!);
}
