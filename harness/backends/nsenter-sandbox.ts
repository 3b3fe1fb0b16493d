// A sandbox entered by the pid of its PID 1 with nsenter (all of its namespaces). Commands
// cost a few ms and the harness can kill their whole process tree. The netns and container
// backends differ only in how that PID 1 is made and ended; the qemu backend does the same
// inside its guest, through the guest's agent (its Launcher).
import { InfrastructureError } from '../errors.js';
import type { CommandResult } from '../exec/command-result.js';
import { LOCAL_LAUNCHER, type Launcher, type SandboxProcess } from '../exec/process.js';
import { scriptBeside } from '../exec/script-file.js';
import { statFields } from '../exec/kill-tree.js';
import type { ExecOptions, Sandbox } from './backend.js';

/** close-fds.sh, then enter.sh: the text every entered command runs first. */
export const CLOSE_FDS_SCRIPT = scriptBeside(import.meta.url, './close-fds.sh');
const ENTER_SCRIPT = CLOSE_FDS_SCRIPT + scriptBeside(import.meta.url, './enter.sh');

/** When a process of this machine started (field 22 of /proc/PID/stat), or '' if it is gone. */
export function startTimeOf(pid: number): string {
  return statFields(pid)?.[19] ?? '';
}

export abstract class NsenterSandbox implements Sandbox {
  abstract readonly backend: string;
  protected closed = false;
  /** PID 1's start time on this machine: a PID reused by another process is never entered ('' in a guest). */
  private readonly startTime: string;
  /** Tasks the sandbox may run at once, set on every command entered ('' for none). */
  protected readonly taskLimit: string = '';

  constructor(
    /** Pid of the sandbox's PID 1, as the launcher's machine sees it. */
    readonly initPid: number,
    protected readonly launcher: Launcher = LOCAL_LAUNCHER,
  ) {
    this.startTime = launcher === LOCAL_LAUNCHER ? startTimeOf(initPid) : '';
  }

  /**
   * Every namespace of the sandbox's PID 1 (user, mount, net, pid, uts, ipc, cgroup; time is the host's): never the
   * host's hostname or IPC; through enter.sh, which closes inherited descriptors and checks PID 1.
   */
  protected enter(argv: string[]): string[] {
    return ['bash', '--norc', '-c', ENTER_SCRIPT, 'enter', String(this.initPid), this.startTime, this.taskLimit, ...argv];
  }

  exec(argv: string[], opts: ExecOptions): Promise<CommandResult> {
    if (this.closed) throw new InfrastructureError('sandbox already closed');
    return this.launcher.run(this.enter(argv), { timeoutMs: opts.timeoutMs, label: opts.label ?? argv.join(' ') });
  }

  spawn(argv: string[], label: string): SandboxProcess {
    if (this.closed) throw new InfrastructureError('sandbox already closed');
    return this.launcher.start(this.enter(argv), label);
  }

  alive(): boolean {
    if (this.closed) return false;
    return this.startTime ? startTimeOf(this.initPid) === this.startTime : true;
  }

  shellArgv(prompt?: string): string[] {
    // PS1 goes in here: enter.sh's non-interactive bash would drop it from the environment
    return this.enter([...(prompt ? ['env', `PS1=${prompt}`] : []), 'bash', '--norc', '-i']);
  }

  /** Ends the sandbox's PID 1 and everything under it. */
  protected abstract teardown(): Promise<void>;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.teardown();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
