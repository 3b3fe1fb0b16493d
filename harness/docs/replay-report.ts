// What `docs run` says about each document beyond pass/fail: every mismatching output as a
// document/machine diff at file:line, the command that stopped the rest, the show commands that
// needed a moment to settle, the blocks skipped or not understood, the commands that need a
// value, and how every block was read.
import type { ScenarioResult } from '../run/results.js';
import { mdBlock, mdCode, mdText } from '../text/markdown-text.js';
import { count } from '../text/words.js';
import { macConflicts, type MacConflict } from './mac-consistency.js';
import type { BlockReading, DocNote, TranscriptDocument } from './transcript-doc.js';

export interface Mismatch {
  file: string;
  line: number;
  command: string;
  diff: string;
}

export interface DocumentReplay {
  file: string;
  notes: DocNote[];
  /** How each fenced block was read (script, transcript, output, skipped...). */
  blocks: BlockReading[];
  mismatches: Mismatch[];
  /** A command whose exit status was not what the document implies, and how many commands it kept from running. */
  stopped?: { file: string; line: number; command: string; why: string; notRun: number };
  /** Commands skipped for a reason of their own (a block's requires=), not because an earlier one failed. */
  skipped: { file: string; line: number; command: string; why: string }[];
  /** MACs that tell of outputs pasted from different runs. */
  macConflicts: MacConflict[];
  /** Show commands re-run until their output settled. */
  settled: { file: string; line: number; command: string; attempts: number }[];
  commands: number;
  replayed: number;
}

export function documentReplay(doc: TranscriptDocument, results: ScenarioResult[]): DocumentReplay {
  const mine = results.filter((r) => doc.scenarios.some((s) => s.id === r.scenario.id));
  const steps = mine.flatMap((r) => r.steps);
  const out: DocumentReplay = {
    file: doc.file,
    notes: doc.notes,
    blocks: doc.blocks,
    mismatches: [],
    settled: [],
    skipped: [],
    macConflicts: macConflicts(steps),
    commands: steps.length,
    replayed: steps.filter((s) => s.outcome === 'pass' || s.outcome === 'fail').length,
  };
  for (const s of steps) {
    const where = { file: doc.file, line: s.step.pos.line, command: s.step.name };
    const transcript = s.verdicts.find((v) => v.kind === 'transcript');
    const other = s.verdicts.filter((v) => !v.ok && v.kind !== 'transcript');
    // A command that failed is reported as what stopped the replay, not for what it printed.
    if (transcript && !transcript.ok && !other.length) out.mismatches.push({ ...where, diff: transcript.actual });
    if (s.outcome === 'skip' && s.message && !/^skipped: step/.test(s.message)) out.skipped.push({ ...where, why: s.message.replace(/^skipped: /, '') });
    if (s.outcome === 'pass' && s.attempts > 1 && s.step.expect?.within) out.settled.push({ ...where, attempts: s.attempts });
    if (!out.stopped && (s.outcome === 'error' || other.length))
      out.stopped = {
        ...where,
        why: s.message ?? other.map((v) => v.kind).join(', '),
        notRun: steps.filter((x) => x.step.index > s.step.index && x.outcome === 'skip' && /^skipped: step/.test(x.message ?? '')).length,
      };
  }
  return out;
}

const notReplayed = (n: number) =>
  n ? `${n === 1 ? 'the command' : `the ${count(n, 'command')}`} after it ${n === 1 ? 'was' : 'were'} not replayed` : 'it was the last command';

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** `doc.md:12 script: 4 commands, 2 comments`: how a block was read. */
const readingLine = (b: BlockReading) => `${b.file}:${b.line} ${b.how}: ${b.why}`;

/** Console lines for one document (nothing when it replayed as written and every block was read); `verbose`: how each block was read first. */
export function replayConsoleText(r: DocumentReplay, verbose = false): string {
  const lines: string[] = verbose ? r.blocks.map(readingLine) : [];
  for (const m of r.mismatches)
    lines.push(`${m.file}:${m.line} ${m.command}: output differs from the document`, indent(m.diff.split('\n').slice(1).join('\n')));
  for (const c of r.macConflicts) lines.push(`${c.file}:${c.line} MAC: ${c.why}`);
  if (r.stopped) lines.push(`${r.stopped.file}:${r.stopped.line} ${r.stopped.command}: ${r.stopped.why}; ${notReplayed(r.stopped.notRun)}`);
  for (const s of r.settled) lines.push(`${s.file}:${s.line} ${s.command}: output settled after ${s.attempts} runs`);
  for (const s of r.skipped) lines.push(`${s.file}:${s.line} ${s.command}: skipped: ${s.why}`);
  for (const n of r.notes) lines.push(`${n.file}:${n.line} ${n.kind}: ${n.why}`);
  return lines.join('\n');
}

/** docs-run.md: the same, for a person reading the CI artifacts (the document's and the machine's text escaped). */
export function replayMarkdown(all: DocumentReplay[]): string {
  const at = (x: { file: string; line: number }) => mdText(`${x.file}:${x.line}`);
  const out = ['# docs run', ''];
  for (const r of all) {
    out.push(`## ${mdText(r.file)}`, '', `${r.replayed} of ${r.commands} commands replayed, ${r.mismatches.length} outputs differ from the document.`, '');
    if (r.stopped) out.push(`**Stopped** at ${at(r.stopped)} ${mdCode(r.stopped.command)}: ${mdText(r.stopped.why)}; ${notReplayed(r.stopped.notRun)}.`, '');
    for (const m of r.mismatches) out.push(`### ${at(m)} ${mdCode(m.command)}`, '', mdBlock('diff', m.diff.split('\n').slice(1).join('\n')), '');
    if (r.macConflicts.length) out.push('MACs that do not add up:', '', ...r.macConflicts.map((c) => `- ${at(c)}: ${mdText(c.why)}`), '');
    if (r.settled.length)
      out.push('Show commands re-run until their output settled:', '', ...r.settled.map((s) => `- ${at(s)} ${mdCode(s.command)}: ${s.attempts} runs`), '');
    const notRun = [
      ...r.skipped.map((s) => `- ${at(s)} skipped ${mdCode(s.command)}: ${mdText(s.why)}`),
      ...r.notes.map((n) => `- ${at(n)} ${mdText(n.kind)}: ${mdText(n.why)}`),
    ];
    if (notRun.length) out.push('Blocks and lines not replayed:', '', ...notRun, '');
    if (r.blocks.length) out.push('How each block was read:', '', ...r.blocks.map((b) => `- ${at(b)} ${mdText(b.how)}: ${mdText(b.why)}`), '');
  }
  return out.join('\n');
}
