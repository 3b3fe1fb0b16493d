// Maps a path inside a parsed YAML document (as zod reports it) back to line:col in the file.
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export interface Position {
  line: number;
  col: number;
}

/** Where a value is in a scenario as written: the keys and indexes down to it, as zod gives a problem's path. */
export type Path = (string | number)[];

/** The node at `path`, or the deepest existing ancestor when the path runs off the document. */
function nodeAt(doc: Document, path: Path): Node | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    // One item written without a list (`iptables: {...}` for `iptables: [{...}]`): item 0 is the map itself.
    if (isMap(node) && key === 0) continue;
    if (isMap(node) || isSeq(node)) {
      const next = node.get(key, true);
      if (next === undefined) break;
      node = next;
    } else break;
  }
  return (node ?? undefined) as Node | undefined;
}

/** The key node of `key` in the map at `path` (for "unknown key" messages). */
function keyNodeAt(doc: Document, path: Path, key: string): Node | undefined {
  const map = nodeAt(doc, path);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  return pair && isPair(pair) ? (pair.key as Node) : undefined;
}

function toPosition(node: Node | undefined, lc: LineCounter): Position {
  const offset = node?.range?.[0] ?? 0;
  return lc.linePos(offset);
}

export function positionOf(doc: Document, lc: LineCounter, path: Path, key?: string): Position {
  const node = key !== undefined ? (keyNodeAt(doc, path, key) ?? nodeAt(doc, path)) : nodeAt(doc, path);
  return toPosition(node, lc);
}

/** The line where the text of the scalar at `path` starts: the one after `|` or `>` for a block scalar. */
export function textLineOf(doc: Document, lc: LineCounter, path: Path): number {
  const node = nodeAt(doc, path);
  const { line } = toPosition(node, lc);
  return isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') ? line + 1 : line;
}
