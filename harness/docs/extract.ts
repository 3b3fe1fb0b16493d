// `netrecipes docs extract`: a scenario skeleton per section of an article, made from the
// section's commands and what they printed, for a person to finish.
import { basename } from 'node:path';
import { Document, isMap, isSeq, type YAMLMap } from 'yaml';
import { commandOnLine, extractCommands, type DocCommand } from './commands.js';
import { fenceOf } from './markdown-blocks.js';
import { withoutPrompt } from './prompts.js';
import { proposeStep, publicAddresses } from './proposed-checks.js';
import { splitSections, type Section } from './sections.js';
import { changesState } from '../audit/mutants.js';
import type { Step } from '../scenario/scenario.js';

export interface Skeleton {
  section: string;
  id: string;
  yaml: string;
}

/** `ip netns exec NS cmd` and `ip -n NS cmd` run `cmd` in NS (a step's `in:`); a leading `sudo` goes. */
export function placement(command: string): { in?: string; run: string } {
  const bare = command.replace(/^sudo\s+(?:-\S+\s+)*/, '');
  // `ip netns exec ns1 A && B`: B runs on the host; only a command alone moves into the namespace
  if (/[;&|\n]/.test(bare.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, ''))) return { run: bare };
  const exec = /^ip netns exec (\S+) (?:sudo\s+)?(.+)$/.exec(bare);
  if (exec) return { in: exec[1]!, run: exec[2]! };
  const short = /^ip\s+-n(?:etns)?\s+(\S+)\s+(.+)$/.exec(bare);
  return short ? { in: short[1]!, run: `ip ${short[2]!}` } : { run: bare };
}

/** The lines a command printed: up to the next command, prompt, fence or (outside fences) blank line. */
function outputOf(section: Section, c: DocCommand, next: DocCommand | undefined): string[] {
  const out: string[] = [];
  for (const { n, text } of section.lines) {
    if (n <= c.line) continue;
    if ((next && n >= next.line) || fenceOf(text) || withoutPrompt(text).prompted) break;
    out.push(text);
  }
  // In a plain-text export without fences a blank line ends the output; inside a fence it is output (ping's).
  const fenced = section.lines.some((l) => fenceOf(l.text));
  const blank = fenced ? -1 : out.findIndex((l) => !l.trim());
  return blank >= 0 ? out.slice(0, blank) : out;
}

interface ProposedItem {
  line: number;
  note?: string;
  step: { name: string; in?: string; run?: string; expect?: Record<string, unknown> };
}

/** Namespaces a step runs in that none of the steps before it creates. */
function missingNetns(items: ProposedItem[]): boolean {
  const made = new Set<string>();
  for (const { step } of items) {
    if (step.in && step.in !== 'host' && !made.has(step.in)) return true;
    const add = /^ip netns add (\S+)/.exec(step.run ?? '');
    if (add) made.add(add[1]!);
  }
  return false;
}

export function extractSkeletons(text: string, doc: string): Skeleton[] {
  const prefix = basename(doc)
    .replace(/\.[^.]+$/, '')
    .replace(/_.*/, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase();
  const out: Skeleton[] = [];
  /** Earlier sections' commands: the set-up a later section's skeleton replays first when it needs them. */
  const earlier: ProposedItem[] = [];
  splitSections(text).forEach((section, n) => {
    // Commands as written (not the rules an `iptables -S` listing printed, which docs check counts too).
    const written = new Set(section.lines.filter((l) => !/^\s*-[AN] /.test(l.text)).map((l) => l.n));
    const commands = extractCommands(section.lines).filter((c) => written.has(c.line) && commandOnLine(c.text, true));
    if (!commands.length) return;
    const own: ProposedItem[] = commands.map((c, i) => {
      const p = placement(c.text);
      const step = proposeStep(p.run, outputOf(section, c, commands[i + 1]));
      const name = p.run.length > 60 ? `${p.run.slice(0, 57)}...` : p.run;
      return {
        line: c.line,
        note: step.note,
        step: { name, ...(p.in ? { in: p.in } : {}), ...(step.run ? { run: step.run } : {}), ...(step.expect ? { expect: step.expect } : {}) },
      };
    });
    const setup = missingNetns(own)
      ? earlier
          .filter((e) => e.step.run && changesState({ ...e.step, in: e.step.in ?? 'host' } as Step))
          .map((e) => ({
            ...e,
            note: `set-up from an earlier section${e.note ? `; ${e.note}` : ''}`,
            step: { ...e.step, expect: undefined, from_doc: 'set-up from an earlier section of the article' },
          }))
      : [];
    earlier.push(...own);
    if (!section.title) return;
    const proposed = [...setup, ...own];
    const id = `doc${prefix}-section-${n}`;
    const internet = [...new Set(proposed.flatMap((p) => publicAddresses(p.step.run ?? '')))];
    const commandsUsed = [...new Set(proposed.flatMap((p) => (p.step.run ? [p.step.run.split(' ')[0]!] : [])))];
    const d = new Document({
      id,
      title: `TODO: what ${section.title} shows`,
      tags: ['TODO'],
      source: { doc, section: section.title },
      requires: { commands: commandsUsed },
      ...(internet.length ? { world: { internet } } : {}),
      steps: proposed.map((p) => p.step),
    });
    d.commentBefore = ` Proposed by netrecipes docs extract from ${doc}, "${section.title}" (line ${section.line}).\n Finish it: check the proposed expect: (made from what the article printed), add expect: to\n the steps that show something, and from_doc: false on steps of your own. netrecipes check validates it.`;
    const root = d.contents as YAMLMap;
    if (internet.length) {
      const world = root.items.find((i) => (i.key as { value?: string }).value === 'world');
      if (world)
        (world.key as { commentBefore?: string }).commentBefore =
          ` The article's public addresses (${internet.join(', ')}) are served by the sandbox's simulated internet.`;
    }
    const seq = root.get('steps', true);
    if (isSeq(seq))
      seq.items.forEach((item, i) => {
        if (isMap(item)) item.commentBefore = ` article line ${proposed[i]!.line}${proposed[i]!.note ? `: ${proposed[i]!.note}` : ''}`;
      });
    out.push({ section: section.title, id, yaml: d.toString({ lineWidth: 0 }) });
  });
  return out;
}
