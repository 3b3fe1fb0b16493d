// The shells a scenario keeps open (`terminal:` steps, and every command a document's replay
// types): one per terminal name and namespace, opened when first used, closed with the scenario.
// A step's command is typed into its shell the way a reader types it; what the terminal printed
// until the shell was ready again is its output, and the shell's $? its exit status.
import type { Sandbox } from '../backends/backend.js';
import type { CommandResult } from '../exec/command-result.js';
import { ShellSession } from '../exec/shell-session.js';
import type { Step } from '../scenario/scenario.js';
import { inNetns } from './netns-argv.js';
import { STEP_PATH } from './step-path.js';

/** Whether a command ends the shell it is typed into (exit, logout). */
export const leavesShell = (command: string) => /^\s*(?:exit|logout)(?:\s+\d+)?\s*$/.test(command);

export class Terminals {
  private readonly open = new Map<string, Promise<ShellSession>>();

  constructor(private readonly sandbox: Sandbox) {}

  private session(name: string, netns: string): Promise<ShellSession> {
    const key = `${name}@${netns}`;
    let s = this.open.get(key);
    if (!s) this.open.set(key, (s = this.opened(netns)));
    return s;
  }

  /** A shell in `netns` whose PATH starts with the commands every step has (step-path.ts), set once. */
  private async opened(netns: string): Promise<ShellSession> {
    const session = await ShellSession.open(this.sandbox, { command: inNetns(netns, []) });
    await session.run(STEP_PATH, 10_000);
    return session;
  }

  /**
   * Types `script` (the step's command, after `prefix`, its saved variables) into the step's
   * terminal. Several lines go as one brace group, run in that shell: a shell they open inside
   * waits for the next step. `interruptAfterMs`: Ctrl-C then, as the reader pressed it.
   */
  async run(step: Step, prefix: string, script: string, timeoutMs: number): Promise<CommandResult> {
    const session = await this.session(step.terminal!, step.in);
    const text = script.trimEnd();
    const typed = `${prefix}${text.includes('\n') ? `{ ${text}\n}` : text}`;
    const interrupt = step.interrupt_after;
    const r = await session.run(typed, interrupt ?? timeoutMs, interrupt !== undefined);
    return {
      command: script,
      exitCode: r.exitCode,
      signal: undefined,
      // "exit" or "logout" is the shell's own word as it ends, not the command's output
      stdout: leavesShell(text) ? r.output.replace(/^(?:exit|logout)\n/, '') : r.output,
      stderr: '',
      // Ctrl-C at interrupt_after is what the step asked for; a shell deaf to it is a timeout
      timedOut: interrupt === undefined ? r.timedOut : r.exitCode === undefined,
      durationMs: r.durationMs,
      ...(r.outputCut ? { outputCut: true } : {}),
    };
  }

  /** Hangs every terminal up. */
  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map(async (s) => (await s.catch(() => undefined))?.close()));
  }
}
