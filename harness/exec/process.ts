// Runs one argv with a deadline that kills the whole process tree, and starts long-running
// processes whose output is collected while they run. Built on execa with reject: false, so a
// non-zero exit is data; only a failure to start at all is an error.
import { execa, type ResultPromise } from 'execa';
import type { CommandResult } from './command-result.js';
import { killTree, signalDescendants } from './kill-tree.js';

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

/** The most output kept of one command (per stream). */
export const MAX_OUTPUT = 4 * 1024 * 1024;

export interface RunOptions {
  timeoutMs: number;
  /** What the result calls the command (the script, not the nsenter wrapper). */
  label: string;
  input?: string;
}

/** Every sandbox process starts the same way: own process group (so its tree can be killed), fixed env. */
function start(argv: string[], opts: { input?: string; buffer: boolean }): ResultPromise<{ reject: false; detached: true; stripFinalNewline: false }> {
  return execa(argv[0]!, argv.slice(1), {
    reject: false,
    detached: true,
    stripFinalNewline: false,
    env: SANDBOX_ENV,
    extendEnv: false,
    cwd: '/',
    stdin: opts.input === undefined ? 'ignore' : 'pipe',
    input: opts.input,
    maxBuffer: MAX_OUTPUT,
    buffer: opts.buffer,
  } as never) as never;
}

/** Runs argv to completion or until `timeoutMs`, then kills its whole tree. */
export async function runWithDeadline(argv: string[], opts: RunOptions): Promise<CommandResult> {
  const t0 = performance.now();
  const sub = start(argv, { input: opts.input, buffer: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (sub.pid) killTree(sub.pid);
  }, opts.timeoutMs);
  const r = await sub;
  clearTimeout(timer);
  if (r.failed && r.exitCode === undefined && !r.signal && !timedOut) {
    // could not even start (ENOENT...)
    return { command: opts.label, exitCode: 127, signal: undefined, stdout: '', stderr: r.shortMessage ?? '', timedOut, durationMs: performance.now() - t0 };
  }
  return {
    command: opts.label,
    exitCode: r.exitCode,
    signal: r.signal,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    timedOut,
    durationMs: performance.now() - t0,
  };
}

/** A long-running process in a sandbox, wherever it runs (here, or in a VM through its agent). */
export interface SandboxProcess {
  readonly label: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly result: CommandResult | undefined;
  readonly done: Promise<CommandResult>;
  readonly running: boolean;
  /** SIGTERM to what it started (so tcpdump flushes), then SIGKILL to the whole tree after `graceMs`. */
  stop(graceMs?: number): Promise<CommandResult>;
}

/** A long-running process on this machine whose output accumulates while it runs. */
export class RunningProcess implements SandboxProcess {
  stdout = '';
  stderr = '';
  result: CommandResult | undefined;
  readonly done: Promise<CommandResult>;
  private readonly sub: ReturnType<typeof start>;
  private readonly t0 = performance.now();

  constructor(argv: string[], readonly label: string) {
    this.sub = start(argv, { buffer: false });
    this.sub.stdout?.setEncoding('utf8').on('data', (d: string) => {
      if (this.stdout.length < MAX_OUTPUT) this.stdout += d;
    });
    this.sub.stderr?.setEncoding('utf8').on('data', (d: string) => {
      if (this.stderr.length < MAX_OUTPUT) this.stderr += d;
    });
    this.done = this.sub.then((r) => {
      this.result = {
        command: label,
        exitCode: r.exitCode,
        signal: r.signal,
        stdout: this.stdout,
        stderr: this.stderr,
        timedOut: false,
        durationMs: performance.now() - this.t0,
      };
      return this.result;
    });
  }

  get pid(): number | undefined {
    return this.sub.pid;
  }

  get running(): boolean {
    return this.result === undefined;
  }

  async stop(graceMs = 1000): Promise<CommandResult> {
    if (this.result) return this.result;
    const pid = this.sub.pid;
    if (pid) signalDescendants(pid, 'SIGTERM');
    const timer = setTimeout(() => pid && killTree(pid), graceMs);
    const r = await this.done;
    clearTimeout(timer);
    if (pid) killTree(pid);
    return r;
  }
}

/** Where a sandbox's commands are started: this machine, or a VM through its agent. */
export interface Launcher {
  run(argv: string[], opts: RunOptions): Promise<CommandResult>;
  start(argv: string[], label: string): SandboxProcess;
}

/** Processes on this machine. */
export const LOCAL_LAUNCHER: Launcher = {
  run: runWithDeadline,
  start: (argv, label) => new RunningProcess(argv, label),
};
