// `exit:` the step's exit status. It is judged on every step with a command, written or not:
// see exitVerdicts.
import { z } from 'zod';
import { ENDED_BY_SIGINT, describeExit, type CommandResult } from '../../exec/command-result.js';
import { installHint } from '../../exec/debian-packages.js';
import { outputKind, type ExitHolds } from '../kind.js';
import { verdict, type Verdict } from '../verdict.js';

const schema = z.union([z.number().int(), z.enum(['nonzero', 'any'])]);
type ExitSpec = z.output<typeof schema>;

/** The last few lines a failed command wrote on stderr, on one line. */
function stderrTail(stderr: string, lines = 3): string {
  const tail = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-lines);
  return tail.map((l) => (l.length > 160 ? `${l.slice(0, 160)}…` : l)).join(' | ');
}

/**
 * "exit 1" says little: say which line of a multi-line script failed and what it wrote on
 * stderr; for exit 127, name the missing command and the package that has it.
 */
function describeFailure(r: CommandResult): string {
  const missing = /(?:^|: )(\S+): command not found/m.exec(r.stderr)?.[1];
  if (r.exitCode === 127 && missing)
    return `exit 127: ${missing} is not installed in the sandbox (${installHint(missing)}, or list it in requires.commands to skip instead)`;
  if (r.exitCode === 0 || r.timedOut) return describeExit(r);
  const script = r.command.trimEnd().split('\n');
  const at = r.failedLine !== undefined && script.length > 1 ? ` at line ${r.failedLine} (${script[r.failedLine - 1]?.trim() ?? '?'})` : '';
  const tail = stderrTail(r.stderr);
  return `${describeExit(r)}${at}${tail ? `; stderr: ${tail}` : ''}`;
}

/** Whether `exitCode` is the one wanted (a command that timed out has none: see exitVerdict). */
export function exitHolds(want: ExitSpec, exitCode: number | undefined): ExitHolds {
  if (want === 'any') return { ok: true, expected: 'any exit' };
  if (want === 'nonzero') return { ok: exitCode !== undefined && exitCode !== 0, expected: 'non-zero exit' };
  return { ok: exitCode === want, expected: `exit ${want}` };
}

const exitVerdict = ({ ok, expected }: ExitHolds, r: CommandResult): Verdict => verdict('exit', ok && !r.timedOut, expected, describeFailure(r));

export const exit = outputKind({
  key: 'exit',
  schema,
  connectivity: false,
  onStopStep: false,
  onKselftestStep: false,
  example: 1,
  check: (want, r) => [exitVerdict(exitHolds(want, r.exitCode), r)],
});

/** A tool kind written in a step (ping, curl), with its value: what its command's exit status must be. */
export type ToolExit = (r: CommandResult) => ExitHolds;

/**
 * The step's exit status is always judged. Without `exit:` a command must exit 0, unless a
 * ping or curl expectation says which failure to expect: then the exit status must be the one
 * that tool ends with for it, so a later line of the script that failed (or hid a failure)
 * never passes unseen.
 */
export function exitVerdicts(want: ExitSpec | undefined, tools: ToolExit[], r: CommandResult, interrupted: boolean): Verdict[] {
  if (want !== undefined) return exit.check(want, r);
  if (tools.length) return tools.map((holds) => exitVerdict(holds(r), r));
  if (interrupted) {
    const ok = r.exitCode === 0 || r.exitCode === ENDED_BY_SIGINT;
    return [exitVerdict({ ok, expected: `exit 0, or ${ENDED_BY_SIGINT} (ended by the interrupt)` }, r)];
  }
  return exit.check(0, r);
}
