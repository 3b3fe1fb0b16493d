// The commands a person types into `record` (or pipes into it): one complete command at a time
// (a trailing `\`, an open quote, a here-document or a loop continues on the next lines), with
// line editing and history on a terminal. A `# comment` line names the step that follows; blank
// lines are nothing; `exit`, `logout`, Ctrl-D or the end of the input end the recording.
import { createInterface } from 'node:readline';
import { pendingEnd } from '../exec/shell-continuation.js';
import { leavesShell } from '../run/terminals.js';

export interface TypedCommand {
  text: string;
  /** The comment typed just before it, as the step's name. */
  name?: string;
}

export interface TypedInput {
  input: NodeJS.ReadableStream;
  /** Where prompts and echoes go. */
  output: NodeJS.WritableStream;
  /** A terminal: prompts and line editing; else each command is echoed after `$ `, as a transcript. */
  terminal: boolean;
  prompt: string;
  /** Stops reading (an interrupt): the command running ends, no other starts. */
  signal?: AbortSignal;
}

export async function* typedCommands(opts: TypedInput): AsyncGenerator<TypedCommand> {
  const rl = createInterface({
    input: opts.input,
    output: opts.terminal ? opts.output : undefined,
    terminal: opts.terminal,
    prompt: opts.prompt,
    historySize: 500,
  });
  // Ctrl-C at the prompt clears the line, as a shell does; Ctrl-D ends the recording.
  rl.on('SIGINT', () => {
    opts.output.write('^C\n');
    rl.write(null, { ctrl: true, name: 'u' });
    rl.setPrompt(opts.prompt);
    rl.prompt();
  });
  const stop = () => rl.close();
  opts.signal?.addEventListener('abort', stop, { once: true });
  const lines = rl[Symbol.asyncIterator]();
  let name: string | undefined;
  try {
    for (;;) {
      if (opts.terminal) rl.prompt();
      let next = await lines.next();
      if (next.done) {
        if (opts.terminal) opts.output.write('\n'); // Ctrl-D leaves the cursor after the prompt
        return;
      }
      let text: string = next.value;
      while (pendingEnd(text) !== undefined) {
        if (opts.terminal) {
          rl.setPrompt('> ');
          rl.prompt();
        }
        next = await lines.next();
        if (next.done) break;
        text += `\n${next.value}`;
      }
      if (opts.terminal) rl.setPrompt(opts.prompt);
      const bare = text.trim();
      if (!bare) continue;
      if (bare.startsWith('#')) {
        name = bare.replace(/^#+\s*/, '') || undefined;
        continue;
      }
      if (leavesShell(bare)) return;
      if (!opts.terminal) opts.output.write(`$ ${bare}\n`);
      // keys typed while the command runs wait for the next prompt (a Ctrl-C then clears that line)
      if (opts.terminal) rl.pause();
      yield { text: bare, ...(name ? { name } : {}) };
      if (opts.terminal) rl.resume();
      name = undefined;
      if (opts.signal?.aborted) return;
    }
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    rl.close();
  }
}
