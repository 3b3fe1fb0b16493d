// The outcome of checking one expectation: data, so that reports can show expected vs actual.
import type { CommandResult } from '../exec/command-result.js';
import type { SandboxProcess } from '../exec/process.js';

export interface Verdict {
  kind: string;
  ok: boolean;
  expected: string;
  actual: string;
}

/** What an expectation may look at: the step's command and a way to ask the sandbox. */
export interface EvalContext {
  /** The step's own command, when it has one. */
  result?: CommandResult;
  /** Runs a read-only query in the step's netns (ip -j ..., iptables-save, conntrack -L). */
  query(script: string): Promise<CommandResult>;
  background(id: string): SandboxProcess | undefined;
  /** The command was ended by `interrupt_after` (SIGINT), as an article's Ctrl-C. */
  interrupted?: boolean;
}

export function verdict(kind: string, ok: boolean, expected: string, actual: string): Verdict {
  return { kind, ok, expected, actual };
}
