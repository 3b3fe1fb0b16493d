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
  /** What the section directives of the sections around it say. */
  section: SectionMark;
}

/** A section a directive marked (`skip-section`, `include-section`), as seen from a block inside it. */
export interface SectionMark {
  /** Skipped: the section's title, the line of its heading, and why. */
  skipped?: { title: string; line: number; why: string };
  /** Inside a section that says include-section. */
  included: boolean;
}

/** A document; its `directive` holds the document's directives (world, requires, kernel...). */
export interface MarkdownTranscript extends Directed {
  title?: string;
  blocks: Block[];
  /** Some section says include-section: only such sections are replayed. */
  includes: boolean;
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
function closesFence(open: Fence, line: string): boolean {
  const fence = fenceOf(line);
  return fence !== undefined && fence.marker.startsWith(open.marker) && !fence.lang;
}

/** A Markdown heading (`## Title`): its level and title, or undefined. The one rule for headings. */
export function markdownHeading(line: string): { level: number; title: string } | undefined {
  const m = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
  return m ? { level: m[1]!.length, title: m[2]! } : undefined;
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

function parseDirective(body: string): Directive {
  const d: Directive = new Map();
  for (const m of body.matchAll(/([\w-]+)(?:=("[^"]*"|\S+))?/g)) d.set(m[1]!, (m[2] ?? 'true').replace(/^"|"$/g, ''));
  return d;
}

export interface DirectiveKeys {
  doc: string[];
  block: string[];
  command: string[];
}

/** Directives that mark the section they are written in (and its subsections), not a block. */
const SECTION_KEYS = ['skip-section', 'include-section'];

/** The open sections at a point of the document, innermost last. */
interface OpenSection {
  level: number;
  title: string;
  line: number;
  skip?: string;
  include?: boolean;
}

function markOf(open: OpenSection[]): SectionMark {
  const skipping = open.find((o) => o.skip !== undefined);
  return { ...(skipping ? { skipped: { title: skipping.title, line: skipping.line, why: skipping.skip! } } : {}), included: open.some((o) => o.include) };
}

type Report = (line: number, message: string) => void;
type Note = (line: number, kind: 'skipped' | 'not understood', why: string) => void;

export function splitBlocks(text: string, keys: DirectiveKeys, problem: Report, note: Note): MarkdownTranscript {
  const lines = text.replace(/\r$/gm, '').split('\n');
  const out: MarkdownTranscript = { directive: new Map(), directiveLines: new Map(), blocks: [], includes: false };
  // The document itself is the outermost section (level 0): a section directive before any heading marks it all.
  const sections: OpenSection[] = [{ level: 0, title: '', line: 1 }];
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
      const block: Block = {
        lang: fence.lang.toLowerCase(),
        line: n,
        lines: [],
        directive: new Map(),
        directiveLines: new Map(),
        commandDirectives: [],
        reset,
        section: markOf(sections),
      };
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
    const heading = markdownHeading(raw);
    if (heading) {
      if (heading.level === 1 && out.title === undefined) out.title = heading.title.trim();
      while (sections.length > 1 && sections.at(-1)!.level >= heading.level) sections.pop();
      sections.push({ ...heading, line: n });
    }
    const d = DIRECTIVE.exec(raw);
    if (!d) return;
    const parsed = parseDirective(d[1]!);
    if (SECTION_KEYS.some((k) => parsed.has(k))) {
      const section = sections.at(-1)!;
      for (const k of parsed.keys())
        if (!SECTION_KEYS.includes(k)) problem(n, `"${k}" cannot stand in a section directive (section directives: ${SECTION_KEYS.join(', ')})`);
      if (parsed.has('skip-section')) section.skip = parsed.get('skip-section') === 'true' ? 'skip-section directive' : parsed.get('skip-section')!;
      if (parsed.has('include-section')) out.includes = section.include = true;
      return;
    }
    if (parsed.has('reset')) {
      reset = true;
      parsed.delete('reset');
      if (!parsed.size) return;
    }
    const beforeBlock = FENCE.test(nextNonBlank(i)) || DIRECTIVE.test(nextNonBlank(i));
    const isDoc = DOC_ONLY.some((k) => parsed.has(k)) || (parsed.has('requires') && !beforeBlock);
    const allowed = isDoc ? keys.doc : [...keys.block, ...keys.command];
    for (const k of parsed.keys())
      if (!allowed.includes(k)) problem(n, `unknown directive "${k}" (${isDoc ? 'document' : 'block'} directives: ${allowed.join(', ')})`);
    if (!isDoc) pending.push({ line: n, directive: parsed });
    else setDirectives(out, parsed, n);
  });
  if (open) note(open.block.line, 'not understood', 'this block is never closed');
  for (const p of pending) note(p.line, 'not understood', 'a directive with no block after it');
  return out;
}
