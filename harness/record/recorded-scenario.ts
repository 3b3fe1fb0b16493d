// The scenario file `record` writes (YAML through the yaml library): the recorded steps, what
// they require (the commands they name, the kernel features they make), the world the
// recording's sandbox had; or, for `shell --record`, the replayed scenario's own text up to the
// step the shell opened at, with the recorded steps after it.
import { Document, isMap, isSeq, LineCounter, parseDocument, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { PACKAGE_OF } from '../exec/debian-packages.js';
import { kernelFeaturesUsed } from '../run/kernel-features.js';
import type { Scenario } from '../scenario/scenario.js';
import type { WorldSpec } from '../scenario/schema.js';
import type { StepText } from './recorded-step.js';

/** A word in command position: line start, after ; & | ( or `sudo`, or the command `ip netns exec NS` runs. */
const COMMAND_WORD = /(?:^|[;&|(]|\bthen\b|\bdo\b|\bsudo\s+|\bip\s+netns\s+exec\s+\S+\s+)\s*([A-Za-z0-9][\w.+-]*)/gm;

/** The tools the steps run that a sandbox may lack (those with a Debian package), in order of first use. */
function commandsUsed(steps: StepText[]): string[] {
  const words = steps.flatMap((s) => [...`${s.run ?? s.background ?? ''}`.matchAll(COMMAND_WORD)].map((m) => m[1]!));
  return [...new Set(words.filter((w) => Object.hasOwn(PACKAGE_OF, w)))];
}

/** Short maps (a step's checks, a readiness, the world) in flow style: `{ ping: { received: 2 } }`. */
function flowShort(node: unknown): void {
  if (!isMap(node) && !isSeq(node)) return;
  const collection = node;
  if (JSON.stringify(collection.toJSON()).length <= 90) collection.flow = true;
  else for (const item of collection.items) flowShort(isMap(node) ? (item as { value: unknown }).value : item);
}

function stepNodes(doc: Document, steps: StepText[]): Node[] {
  return steps.map((s) => {
    const node = doc.createNode(s) as YAMLMap;
    for (const key of ['expect', 'ready']) flowShort(node.get(key, true));
    return node;
  });
}

export interface NewScenario {
  id: string;
  steps: StepText[];
  world?: WorldSpec;
  /** What the header says the steps came from. */
  origin: string;
}

const EDIT_IT =
  ' Edit it: name the steps, keep the checks that matter, loosen what may vary between runs.\n netrecipes check FILE validates it; netrecipes run FILE replays it in a fresh sandbox.';

/** The kernel features the recorded commands use, each once: what `requires.kernel` lists. */
const kernelUsed = (steps: StepText[]): string[] => [...new Set(steps.flatMap((st) => kernelFeaturesUsed(st.run ?? st.background ?? '')))];

/** A scenario of the recorded steps alone, in a sandbox like the recording's. */
export function newScenarioYaml(s: NewScenario): string {
  const kernel = kernelUsed(s.steps);
  const doc = new Document({
    id: s.id,
    title: 'TODO: what this recipe shows',
    tags: ['recorded'],
    requires: { commands: commandsUsed(s.steps), ...(kernel.length ? { kernel } : {}) },
    ...(s.world ? { world: s.world } : {}),
    steps: [],
  });
  const root = doc.contents as YAMLMap;
  root.set('steps', doc.createNode(stepNodes(doc, s.steps)));
  for (const key of ['tags', 'requires']) flowShort(root.get(key, true));
  flowShort(root.get('world', true));
  doc.commentBefore = ` Recorded by netrecipes record: ${s.origin}.\n${EDIT_IT}`;
  return doc.toString({ lineWidth: 0 });
}

/** The top-level `steps:` items up to the one that holds `step` (a step inside a `repeat:` keeps its whole repeat). */
function keptItems(seq: YAMLSeq, lc: LineCounter, step: Scenario['steps'][number]): number {
  let kept = 0;
  seq.items.forEach((item, i) => {
    const start = (item as Node).range?.[0];
    if (start !== undefined && lc.linePos(start).line <= step.pos.line) kept = i + 1;
  });
  return kept;
}

/**
 * `base`'s text with its steps cut after step `until` and the recorded ones added; its id made
 * `id`; the recorded steps marked `from_doc: false` when it cites an article (they are the
 * recorder's own until said otherwise).
 */
export function extendedScenarioYaml(baseText: string, base: Scenario, until: number, id: string, steps: StepText[]): string {
  const lc = new LineCounter();
  const doc = parseDocument(baseText, { lineCounter: lc });
  const seq = doc.get('steps', true) as YAMLSeq;
  seq.items.splice(keptItems(seq, lc, base.steps[until]!));
  const own = base.source ? steps.map((s) => ({ ...s, from_doc: false as const })) : steps;
  seq.items.push(...stepNodes(doc, own));
  doc.set('id', id);
  const commands = [...new Set([...base.requires.commands, ...commandsUsed(steps)])];
  const kernel = [...new Set([...base.requires.kernel, ...kernelUsed(steps)])];
  doc.setIn(['requires', 'commands'], doc.createNode(commands, { flow: true }));
  if (kernel.length) doc.setIn(['requires', 'kernel'], doc.createNode(kernel, { flow: true }));
  doc.commentBefore = ` Recorded by netrecipes shell --record: ${base.id} (${base.file}) up to step ${until + 1}, then ${steps.length} commands typed in its sandbox.\n${EDIT_IT}${doc.commentBefore ? `\n${doc.commentBefore}` : ''}`;
  return doc.toString({ lineWidth: 0 });
}

/** A scenario id from a file name: `my-recipe.yaml` -> my-recipe. */
export function idFromFile(file: string): string {
  const base = file.replace(/^.*\//, '').replace(/\.ya?ml$/i, '');
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'recorded'
  );
}
