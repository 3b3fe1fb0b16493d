// A sandbox entered by the pid of its PID 1 with nsenter (all of its namespaces). Commands
// cost a few ms and the harness can kill their whole process tree. The netns and container
// backends differ only in how that PID 1 is made and ended; the qemu backend does the same
// inside its guest, through the guest's agent (its Launcher).
import { existsSync } from 'node:fs';
import { InfrastructureError } from '../errors.js';
import type { CommandResult } from '../exec/command-result.js';
import { LOCAL_LAUNCHER, type Launcher, type SandboxProcess } from '../exec/process.js';
import type { ExecOptions, Sandbox } from './backend.js';

export abstract class NsenterSandbox implements Sandbox {
  abstract readonly backend: string;
  protected closed = false;

  constructor(
    /** Pid of the sandbox's PID 1, as the launcher's machine sees it. */
    readonly initPid: number,
    protected readonly launcher: Launcher = LOCAL_LAUNCHER,
  ) {}

  /** Every namespace of the sandbox's PID 1 (user, mount, net, pid, uts, ipc, cgroup, time): never the host's hostname or IPC. */
  protected enter(argv: string[]): string[] {
    return ['nsenter', '-t', String(this.initPid), '--all', '--', ...argv];
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
    return !this.closed && existsSync(`/proc/${this.initPid}`);
  }

  shellArgv(): string[] {
    return this.enter(['bash', '--norc', '-i']);
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
