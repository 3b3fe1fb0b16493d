// The one place HTML and SVG text is made: every attribute and text child is escaped here, so
// reports never build markup by concatenating untrusted output.

export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type Child = Markup | string | number | false | null | undefined | Child[];
type Attrs = Record<string, string | number | boolean | undefined>;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

function children(c: Child): string {
  if (c === false || c === null || c === undefined) return '';
  if (Array.isArray(c)) return c.map(children).join('');
  if (c instanceof Markup) return c.html;
  return escape(String(c));
}

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** `el('td', {class: 'x'}, 'text', el('b', {}, 'bold'))` */
export function el(tag: string, attrs: Attrs = {}, ...content: Child[]): Markup {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escape(String(v))}"`))
    .join('');
  return new Markup(VOID.has(tag) ? `<${tag}${a}>` : `<${tag}${a}>${children(content)}</${tag}>`);
}

/** Trusted text that is already markup (the document's own CSS), never tool output. */
export function trusted(text: string): Markup {
  return new Markup(text);
}
