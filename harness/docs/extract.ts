// `netrecipes docs extract`: a scenario skeleton per section of an article, made from the
// section's commands, for a person to finish (expectations, world, requirements).
import { basename } from 'node:path';
import { Document, isMap, isSeq, type YAMLMap } from 'yaml';
import { commandOnLine, extractCommands } from './commands.js';
import { splitSections } from './sections.js';

export interface Skeleton {
  section: string;
  id: string;
  yaml: string;
}

function placement(command: string): { in?: string; run: string } {
  const bare = command.replace(/^sudo\s+/, '');
  const m = /^ip netns exec (\S+) (.+)$/.exec(bare);
  return m ? { in: m[1]!, run: m[2]! } : { run: bare };
}

export function extractSkeletons(text: string, doc: string): Skeleton[] {
  const prefix = basename(doc).replace(/\.[^.]+$/, '').replace(/_.*/, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const out: Skeleton[] = [];
  splitSections(text).forEach((section, n) => {
    const commands = extractCommands(section.lines).filter((c) => commandOnLine(c.text, true));
    if (!commands.length || !section.title) return;
    const id = `doc${prefix}-section-${n}`;
    const steps = commands.map((c) => {
      const p = placement(c.text);
      return { name: p.run.length > 60 ? `${p.run.slice(0, 57)}...` : p.run, ...(p.in ? { in: p.in } : {}), run: p.run };
    });
    const d = new Document({ id, title: `TODO: what ${section.title} shows`, tags: ['TODO'], source: { doc, section: section.title }, requires: { commands: [...new Set(steps.map((s) => s.run.split(' ')[0]!))] }, steps });
    d.commentBefore = ` Proposed by netrecipes docs extract from ${doc}, "${section.title}" (line ${section.line}).\n Finish it: add expect: to the steps that show something, a world: if it talks to the outside,\n and from_doc: false on steps of your own. netrecipes check validates it.`;
    const seq = (d.contents as YAMLMap).get('steps', true);
    if (isSeq(seq))
      seq.items.forEach((item, i) => {
        if (isMap(item)) item.commentBefore = ` article line ${commands[i]!.line}`;
      });
    out.push({ section: section.title, id, yaml: d.toString({ lineWidth: 0 }) });
  });
  return out;
}
