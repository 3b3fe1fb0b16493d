// Runs one argv with a deadline that kills the whole process tree, and starts long-running
// processes whose output is collected while they run. Built on execa with reject: false, so a
// non-zero exit is data; only a failure to start at all is an error.
// At run time the harness starts processes with execa only (here, or directly where a tool's own
// output is wanted); zx serves build-time scripts (scripts/build.js), where a command line reads best.
import { execa } from 'execa';
import { CappedOutput, MAX_OUTPUT, type CommandResult } from './command-result.js';
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

export { MAX_OUTPUT };

export interface RunOptions {
  timeoutMs: number;
  /** What the result calls the command (the script, not the nsenter wrapper). */
  label: string;
  input?: string;
}

/** Every sandbox process starts the same way: own process group (so its tree can be killed), fixed env. */
function start(argv: string[], opts: { input?: string }) {
  const common = { reject: false, detached: true, stripFinalNewline: false, env: SANDBOX_ENV, extendEnv: false, cwd: '/', buffer: false } as const;
  return opts.input === undefined
    ? execa(argv[0]!, argv.slice(1), { ...common, stdin: 'ignore' })
    : execa(argv[0]!, argv.slice(1), { ...common, stdin: 'pipe', input: opts.input });
}

/** Runs argv to completion or until `timeoutMs`, then kills its whole tree. */
export async function runWithDeadline(argv: string[], opts: RunOptions): Promise<CommandResult> {
  const proc = new RunningProcess(argv, opts.label, opts.input);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (proc.pid) killTree(proc.pid);
  }, opts.timeoutMs);
  const r = await proc.done;
  clearTimeout(timer);
  return { ...r, timedOut };
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
  result: CommandResult | undefined;
  readonly done: Promise<CommandResult>;
  private readonly out = new CappedOutput();
  private readonly err = new CappedOutput();
  private readonly sub: ReturnType<typeof start>;
  private readonly t0 = performance.now();

  constructor(argv: string[], readonly label: string, input?: string) {
    this.sub = start(argv, { input });
    this.sub.stdout?.setEncoding('utf8').on('data', (d: string) => this.out.add(d));
    this.sub.stderr?.setEncoding('utf8').on('data', (d: string) => this.err.add(d));
    this.done = this.sub.then((r) => {
      const cut = this.out.cut || this.err.cut;
      const common = { command: label, timedOut: false, durationMs: performance.now() - this.t0, ...(cut ? { outputCut: true } : {}) };
      // could not even start (ENOENT...)
      if (r.failed && r.exitCode === undefined && !r.signal) this.result = { ...common, exitCode: 127, signal: undefined, stdout: '', stderr: r.shortMessage ?? '' };
      else this.result = { ...common, exitCode: r.exitCode, signal: r.signal, stdout: this.stdout, stderr: this.stderr };
      return this.result;
    });
  }

  get stdout(): string {
    return this.out.text;
  }

  get stderr(): string {
    return this.err.text;
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
