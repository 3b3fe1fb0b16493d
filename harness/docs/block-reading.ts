// How a reader reads one fenced block. A block whose prompts are followed by output is a
// transcript; a block whose lines are commands is a script, where `#` lines are comments (a
// commented-out command never runs), `Ctrl+C`/`^C`/`<Ctrl-D>` lines are keys pressed, and lines
// pasted under a command are what it printed; a block with no command is output or a file.
import { keystrokeOf } from '../text/keystrokes.js';
import { count } from '../text/words.js';
import type { Block } from './markdown-blocks.js';
import { afterPrompt, commandAfterHash, isComment, readsAsCommand, withoutContinuationPrompt } from './prompts.js';
import type { UserPattern } from '../text/user-pattern.js';
import { pendingEnd } from '../exec/shell-continuation.js';
import type { Command } from './transcript-steps.js';

export type Reading = 'transcript' | 'script' | 'output' | 'skipped' | 'not understood';

/** What a block was read as, in words for an author, and the commands read from it. */
export interface BlockRead {
  how: Reading;
  why: string;
  commands: Command[];
}

type Note = (line: number, kind: 'not understood', why: string) => void;

const SESSION_LANGS = new Set(['console', 'shell-session', 'sh-session', 'terminal']);

/** A `# Terminal 2` / `# In terminal B:` comment: what follows in the block is typed into that terminal. */
const TERMINAL_COMMENT = /^\s*#+\s*(?:(?:in|on)\s+(?:the\s+)?)?(?:terminal|console|shell)\s+#?(\w+)\s*:?\s*$/i;

/** `$ `, `user@host:~$ `, a custom prompt...: a prompt that is not a bare `# `. */
const userPrompt = (line: string, custom?: UserPattern) => !/^#/.test(line) && afterPrompt(line, 'console', custom) !== undefined;

/** A line that reads as output: not blank, not a comment, a prompt, a key or a command. */
const readsAsOutput = (line: string, custom?: UserPattern) =>
  !!line.trim() && !/^\s*#/.test(line) && !keystrokeOf(line) && !userPrompt(line, custom) && !readsAsCommand(line);

/** Whether a block that is not a ```console session has prompts followed by output: a transcript. */
function looksLikeTranscript(lines: Block['lines'], custom?: UserPattern): boolean {
  if (lines.some((l) => userPrompt(l.text, custom))) return true;
  return lines.some((l, i) => {
    if (!/^# /.test(l.text) || !commandAfterHash(l.text)) return false;
    const next = lines.slice(i + 1).find((x) => x.text.trim());
    return next !== undefined && readsAsOutput(next.text, custom);
  });
}

function newCommand(block: Block, n: number, text: string, shown: boolean): Command {
  return { line: n, text, output: [], outputLine: n + 1, shown, directive: new Map(), block: block.directive, directiveLines: new Map(block.directiveLines) };
}

/** Prompts, the commands after them and their outputs; prompt-less commands before the first prompt (or, in scripts, after output). */
function readTranscript(block: Block, custom: UserPattern | undefined, note: Note): Command[] {
  const { lang, lines } = block;
  const session = SESSION_LANGS.has(lang);
  // In a ```console session `# words` is a prompt unless it reads as prose; elsewhere only a command after `#` is one.
  const prompted = lines.map((l) =>
    session || !/^#/.test(l.text) ? afterPrompt(l.text, 'console', custom) : commandAfterHash(l.text) ? l.text.slice(2).trimStart() : undefined,
  );
  const out: Command[] = [];
  let current: Command | undefined;
  let open: string | undefined;
  const start = (n: number, text: string, shown: boolean) => {
    current = newCommand(block, n, text, shown);
    out.push(current);
    open = pendingEnd(text);
  };
  lines.forEach(({ n, text }, i) => {
    if (current && open) {
      // A pasted session shows the shell's continuation prompt `> `.
      current.text += `\n${current.shown ? withoutContinuationPrompt(text) : text}`;
      current.outputLine = n + 1;
      open = pendingEnd(current.text);
      return;
    }
    const p = prompted[i];
    if (p !== undefined) {
      if (isComment(p)) current = undefined;
      else start(n, p, true);
      return;
    }
    const key = keystrokeOf(text);
    if (key && current) current.keystroke = key;
    const beforeFirstPrompt = !out.some((c) => c.shown);
    if (!key && (beforeFirstPrompt || (!session && readsAsCommand(text))) && (!current?.shown || readsAsCommand(text))) {
      if (!isComment(text)) start(n, text.trim(), false);
      return;
    }
    if (current?.shown) {
      if (!current.output.length) current.outputLine = n;
      current.output.push(text);
    } else if (text.trim() && !key) note(n, 'not understood', `"${text.trim().slice(0, 60)}" is neither a command nor the output of one`);
  });
  if (open && current) note(current.line, 'not understood', `the command still waits for ${open} at the end of the block`);
  return out;
}

interface ScriptRead {
  commands: Command[];
  comments: number;
  commentedOut: number;
}

/** Commands line by line; `#` lines are comments, keys stop the command before them, other lines are what it printed. */
function readScript(block: Block, note: Note): ScriptRead {
  const out: Command[] = [];
  let current: Command | undefined;
  let open: string | undefined;
  let terminal: string | undefined;
  let blanks: string[] = [];
  let comments = 0;
  let commentedOut = 0;
  for (const { n, text } of block.lines) {
    if (current && open) {
      current.text += `\n${text}`;
      current.outputLine = n + 1;
      open = pendingEnd(current.text);
      continue;
    }
    if (!text.trim()) {
      if (current?.output.length) blanks.push(text);
      continue;
    }
    const key = keystrokeOf(text);
    if (key) {
      if (current) current.keystroke = key;
      else note(n, 'not understood', `"${text.trim()}" with no command before it`);
      current = undefined;
      continue;
    }
    if (/^\s*#/.test(text)) {
      comments++;
      if (commandAfterHash(text)) commentedOut++;
      terminal = TERMINAL_COMMENT.exec(text)?.[1] ?? terminal;
      current = undefined;
      continue;
    }
    if (readsAsCommand(text)) {
      current = newCommand(block, n, text.trim(), false);
      if (terminal !== undefined) current.terminalComment = terminal;
      out.push(current);
      open = pendingEnd(current.text);
      blanks = [];
      continue;
    }
    if (!current) {
      note(n, 'not understood', `"${text.trim().slice(0, 60)}" is neither a command nor the output of one`);
      continue;
    }
    // What the command printed, pasted under it without a prompt: compared as its output.
    if (!current.output.length) current.outputLine = n;
    current.output.push(...blanks, text);
    current.shown = true;
    blanks = [];
  }
  if (open && current) note(current.line, 'not understood', `the command still waits for ${open} at the end of the block`);
  return { commands: out, comments, commentedOut };
}

/** "3 commands after prompts, 2 with their output" */
function transcriptWhy(commands: Command[]): string {
  const prompted = commands.filter((c) => c.shown);
  const withOutput = prompted.filter((c) => c.output.some((l) => l.trim())).length;
  const bare = commands.length - prompted.length;
  return [
    `${count(prompted.length, 'command')} after prompts`,
    ...(withOutput ? [`${withOutput} with ${withOutput === 1 ? 'its' : 'their'} output`] : []),
    ...(bare ? [`${bare} without a prompt, output not shown`] : []),
  ].join(', ');
}

/** Reads a shell-language (or unlabelled) block the way a reader does. */
export function readBlock(block: Block, custom: UserPattern | undefined, note: Note): BlockRead {
  const { lang, lines } = block;
  if (!lines.some((l) => l.text.trim())) return { how: 'output', why: 'empty', commands: [] };
  if (SESSION_LANGS.has(lang)) {
    if (lines.some((l) => afterPrompt(l.text, lang, custom) !== undefined)) {
      const commands = readTranscript(block, custom, note);
      return { how: 'transcript', why: transcriptWhy(commands), commands };
    }
    return { how: 'not understood', why: `a \`\`\`${lang} block without a prompt (output without its command?)`, commands: [] };
  }
  if (looksLikeTranscript(lines, custom)) {
    const commands = readTranscript(block, custom, note);
    return { how: 'transcript', why: transcriptWhy(commands), commands };
  }
  if (lines.some((l) => readsAsCommand(l.text))) {
    const { commands, comments, commentedOut } = readScript(block, note);
    const shown = commands.filter((c) => c.shown).length;
    const parts = [
      count(commands.length, 'command'),
      ...(shown ? [`${shown} with the output pasted under ${shown === 1 ? 'it' : 'them'}`] : []),
      ...(comments
        ? [
            `${count(comments, 'comment')}${commentedOut ? ` (${commentedOut} ${commentedOut === 1 ? 'a commented-out command' : 'commented-out commands'}, not run)` : ''}`,
          ]
        : []),
    ];
    return { how: 'script', why: parts.join(', '), commands };
  }
  return { how: 'output', why: `no line reads as a command: output or a file (\`\`\`${lang || '(plain)'})`, commands: [] };
}
