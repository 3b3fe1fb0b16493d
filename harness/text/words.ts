// Counted nouns and terminal-width padding for what people read (tables with CJK titles line up:
// string-width counts a wide character as two columns).
import stringWidth from 'string-width';

/** "1 scenario", "2 scenarios"; `many` for irregular plurals. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Columns `text` takes in a terminal. */
export const width = (text: string): number => stringWidth(text);

/** `text` padded with spaces to `columns` terminal columns. */
export function padEnd(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - stringWidth(text)));
}

/** `text` cut to at most `columns` columns (with "…") and padded to exactly that. */
export function fit(text: string, columns: number): string {
  if (stringWidth(text) <= columns) return padEnd(text, columns);
  let out = '';
  for (const ch of text) {
    if (stringWidth(`${out}${ch}…`) > columns) break;
    out += ch;
  }
  return padEnd(`${out}…`, columns);
}

/** "a", "a and b", "a, b and c" (`last`: "or" for "a, b or c"). */
export function series(items: readonly string[], last = 'and'): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}
