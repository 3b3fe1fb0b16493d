// Splits Markdown into what a transcript reader needs: the title, document directives, and the
// fenced blocks with the directives written right before them. CR line ends are dropped.

export type Directive = Map<string, string>;

/** Directive values with the line each key is written on (where a problem with it is said). */
export interface Directed {
  directive: Directive;
  directiveLines: Map<string, number>;
}

/** Sets on `target` every key of `from` (but those `skip` names), as written on `line`. */
export function setDirectives(target: Directed, from: Directive, line: number, skip: (key: string) => boolean = () => false): void {
  for (const [k, v] of from) {
    if (skip(k)) continue;
    target.directive.set(k, v);
    target.directiveLines.set(k, line);
  }
}

/** A fenced block; its `directive` holds the directives for every command of it (in, timeout, skip, requires). */
export interface Block extends Directed {
  /** The fence's language (first word, lower case; '' when none). */
  lang: string;
  /** Line of the opening fence. */
  line: number;
  /** The block's lines, without the fence's indentation. */
  lines: { n: number; text: string }[];
  /** Directives for one command each (the first, or `command=N`), with their lines. */
  commandDirectives: { line: number; directive: Directive }[];
  /** A `reset` directive came before it: a fresh sandbox from here on. */
  reset: boolean;
}

/** A document; its `directive` holds the document's directives (world, requires, kernel...). */
export interface MarkdownTranscript extends Directed {
  title?: string;
  blocks: Block[];
}

const DIRECTIVE = /<!--\s*netrecipes:\s*(.*?)\s*-->/;
const FENCE = /^(\s*)(```+|~~~+)\s*\{?\.?([\w+-]*)/;

/** A code fence: ``` or ~~~ (three or more), its indentation, and the block's language when it opens one. */
export interface Fence {
  indent: number;
  marker: string;
  /** First word after the marker ('' when none): only an opening fence has one. */
  lang: string;
}

/** The fence on `line`, or undefined. The one rule for fences: every reader of articles asks here. */
export function fenceOf(line: string): Fence | undefined {
  const m = FENCE.exec(line);
  return m ? { indent: m[1]!.length, marker: m[2]!, lang: m[3]! } : undefined;
}

/** Whether `line` closes the block `open` opened: the same character, at least as many, no language. */
export function closesFence(open: Fence, line: string): boolean {
  const fence = fenceOf(line);
  return fence !== undefined && fence.marker.startsWith(open.marker) && !fence.lang;
}

/** What each line is: a fence (opening or closing a block), code inside a block, or text. */
export function fenceRoles(lines: readonly string[]): ('fence' | 'code' | 'text')[] {
  let open: Fence | undefined;
  return lines.map((line) => {
    if (open) {
      if (!closesFence(open, line)) return 'code';
      open = undefined;
      return 'fence';
    }
    open = fenceOf(line);
    return open ? 'fence' : 'text';
  });
}
const DOC_ONLY = ['world', 'kernel', 'tags', 'prompt', 'uplink', 'address', 'gateway', 'internet', 'client'];

export function parseDirective(body: string): Directive {
  const d: Directive = new Map();
  for (const m of body.matchAll(/([\w-]+)(?:=("[^"]*"|\S+))?/g)) d.set(m[1]!, (m[2] ?? 'true').replace(/^"|"$/g, ''));
  return d;
}

export interface DirectiveKeys {
  doc: string[];
  block: string[];
  command: string[];
}

type Report = (line: number, message: string) => void;
type Note = (line: number, kind: 'skipped' | 'not understood', why: string) => void;

export function splitBlocks(text: string, keys: DirectiveKeys, problem: Report, note: Note): MarkdownTranscript {
  const lines = text.replace(/\r$/gm, '').split('\n');
  const out: MarkdownTranscript = { directive: new Map(), directiveLines: new Map(), blocks: [] };
  let pending: { line: number; directive: Directive }[] = [];
  let reset = false;
  let open: { block: Block; fence: Fence } | undefined;
  const nextNonBlank = (i: number) => lines.slice(i + 1).find((l) => l.trim()) ?? '';

  lines.forEach((raw, i) => {
    const n = i + 1;
    if (open) {
      if (closesFence(open.fence, raw)) {
        out.blocks.push(open.block);
        open = undefined;
      } else open.block.lines.push({ n, text: raw.slice(Math.min(open.fence.indent, raw.length - raw.trimStart().length)) });
      return;
    }
    const fence = fenceOf(raw);
    if (fence) {
      const block: Block = { lang: fence.lang.toLowerCase(), line: n, lines: [], directive: new Map(), directiveLines: new Map(), commandDirectives: [], reset };
      for (const p of pending) {
        const perCommand = new Map([...p.directive].filter(([k]) => keys.command.includes(k)));
        setDirectives(block, p.directive, p.line, (k) => perCommand.has(k));
        if (perCommand.size) block.commandDirectives.push({ line: p.line, directive: perCommand });
      }
      pending = [];
      reset = false;
      open = { block, fence };
      return;
    }
    const h = /^#\s+(.+)$/.exec(raw);
    if (h && out.title === undefined) out.title = h[1]!.trim();
    const d = DIRECTIVE.exec(raw);
    if (!d) return;
    const parsed = parseDirective(d[1]!);
    if (parsed.has('reset')) {
      reset = true;
      parsed.delete('reset');
      if (!parsed.size) return;
    }
    const beforeBlock = FENCE.test(nextNonBlank(i)) || DIRECTIVE.test(nextNonBlank(i));
    const isDoc = DOC_ONLY.some((k) => parsed.has(k)) || (parsed.has('requires') && !beforeBlock);
    const allowed = isDoc ? keys.doc : [...keys.block, ...keys.command];
    for (const k of parsed.keys()) if (!allowed.includes(k)) problem(n, `unknown directive "${k}" (${isDoc ? 'document' : 'block'} directives: ${allowed.join(', ')})`);
    if (!isDoc) pending.push({ line: n, directive: parsed });
    else setDirectives(out, parsed, n);
  });
  if (open) note(open.block.line, 'not understood', 'this block is never closed');
  for (const p of pending) note(p.line, 'not understood', 'a directive with no block after it');
  return out;
}
