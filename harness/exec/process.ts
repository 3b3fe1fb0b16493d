// What the harness asks of whatever starts a sandbox's commands (a resident executor:
// executor/client.ts): run one argv with a deadline that kills its whole tree, or start a
// long-running one whose output is collected while it runs, on pipes or on a terminal of its own.
// A non-zero exit is data, never an exception; only losing the sandbox is an error.
// Processes the harness starts on this machine go through execa (held-process.ts, and directly
// where a tool's own output is wanted); zx serves build-time scripts (scripts/build.js) only.
import type { CommandResult } from './command-result.js';

/** Environment for every command in a sandbox: C locale so that tool output parses the same everywhere. */
export const SANDBOX_ENV: Record<string, string> = {
  PATH: '/run/sandbox/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LC_ALL: 'C',
  LANG: 'C',
  HOME: '/root',
  TERM: 'dumb',
  // A `bash -c` whose stdin is a socket (Node's pipes are) and whose SHLVL is below 2 reads
  // ~/.bashrc as if started by rshd; SHLVL=1 makes every shell we start count as nested.
  SHLVL: '1',
};

/** Hears each chunk of a command's output as it arrives, and on which stream. */
export type OutputListener = (data: Buffer, stream: 'out' | 'err') => void;

export interface RunOptions {
  timeoutMs: number;
  onOutput?: OutputListener;
  /** What the result calls the command (the script, not a wrapper). */
  label: string;
  /** Written to its stdin, which then closes (else stdin is /dev/null). */
  input?: string;
}

export interface StartOptions {
  /** Variables added to the sandbox's environment. */
  env?: Record<string, string>;
  /** Keep stdin open for write() (else /dev/null). */
  stdin?: boolean;
  /** Written to stdin, which then closes. */
  input?: string;
  /** A terminal of its own (a pty where it runs) on stdin, stdout and stderr; `echo: false` turns the terminal's echo off. */
  tty?: { rows: number; cols: number; echo?: boolean };
  /** No output cap and nothing kept: chunks go to onOutput listeners only (a relay of another executor's channel). */
  relay?: boolean;
}

/** A long-running process in a sandbox, wherever it runs (here, or in a VM). */
export interface SandboxProcess {
  readonly label: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly result: CommandResult | undefined;
  readonly done: Promise<CommandResult>;
  readonly running: boolean;
  /** SIGTERM to its whole tree (so tcpdump flushes), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<CommandResult>;
}

/** A process on a terminal of its own inside the sandbox: bytes in, bytes out, a window size. */
export interface TerminalProcess extends SandboxProcess {
  write(data: string | Uint8Array): void;
  resize(rows: number, cols: number): void;
  /** Each chunk the terminal printed, raw, as it arrives. */
  onOutput(listener: (data: Buffer) => void): void;
  /** A signal to its whole session (SIGHUP: the terminal was closed). */
  signal(signal: NodeJS.Signals): void;
}

export interface TerminalOptions {
  rows: number;
  cols: number;
  /** false: the terminal does not echo what is typed (a replayed document's shell). @default true */
  echo?: boolean;
  /** Variables added to the sandbox's environment (TERM, PS1...). */
  env?: Record<string, string>;
}

/** What can open a terminal of its own and run argv on it (a sandbox). */
export interface TerminalHost {
  terminal(argv: string[], opts: TerminalOptions): TerminalProcess;
}

/** Where a sandbox's commands are started. */
export interface Launcher {
  run(argv: string[], opts: RunOptions): Promise<CommandResult>;
  start(argv: string[], label: string, opts?: StartOptions): SandboxProcess;
}
