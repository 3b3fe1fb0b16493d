// A sandbox whose processes the harness can reach from this machine: it enters the sandbox's
// namespaces (net, mount, pid) by the host pid of its PID 1 with nsenter. Commands cost a few
// ms and the harness can kill their whole process tree. The netns and container backends
// differ only in how that PID 1 is made and ended.
import { existsSync } from 'node:fs';
import { InfrastructureError } from '../errors.js';
import type { CommandResult } from '../exec/command-result.js';
import { RunningProcess, runWithDeadline } from '../exec/process.js';
import type { ExecOptions, Sandbox } from './backend.js';

export abstract class NsenterSandbox implements Sandbox {
  abstract readonly backend: string;
  protected closed = false;

  constructor(
    /** Host pid of the sandbox's PID 1. */
    readonly initPid: number,
  ) {}

  protected enter(argv: string[]): string[] {
    return ['nsenter', '-t', String(this.initPid), '-n', '-m', '-p', '--', ...argv];
  }

  exec(argv: string[], opts: ExecOptions): Promise<CommandResult> {
    if (this.closed) throw new InfrastructureError('sandbox already closed');
    return runWithDeadline(this.enter(argv), { timeoutMs: opts.timeoutMs, label: opts.label ?? argv.join(' ') });
  }

  spawn(argv: string[], label: string): RunningProcess {
    if (this.closed) throw new InfrastructureError('sandbox already closed');
    return new RunningProcess(this.enter(argv), label);
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
