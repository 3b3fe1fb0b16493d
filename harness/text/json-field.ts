// A field of a tool's JSON (`ip -j`, `nft -j`) as text: its rows are read untyped, and a value
// that is an object must not print as "[object Object]".

/** A JSON value as text: a string as it is, a number or boolean as written, null or nothing as '', anything else as JSON. */
export function field(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
