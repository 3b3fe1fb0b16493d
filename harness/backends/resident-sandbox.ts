// A sandbox served by its resident executor (exec/executor.py): the sandbox's PID 1, started
// from inside with the sandbox's own credentials, forks every command the harness asks for.
// Nothing with the host's credentials joins the sandbox after it exists, and a command costs a
// fork+exec. Backends differ only in how the sandbox and its executor are made and ended.
import { InfrastructureError } from '../errors.js';
import type { CommandResult } from '../exec/command-result.js';
import type { ExecutorClient } from '../exec/executor/client.js';
import type { SandboxProcess, TerminalProcess } from '../exec/process.js';
import type { ExecOptions, Sandbox, TerminalOptions } from './backend.js';

export abstract class ResidentSandbox implements Sandbox {
  abstract readonly backend: string;
  protected closed = false;

  constructor(protected readonly executor: ExecutorClient) {}

  private ensureOpen(): void {
    if (this.closed) throw new InfrastructureError('sandbox already closed');
  }

  exec(argv: string[], opts: ExecOptions): Promise<CommandResult> {
    this.ensureOpen();
    return this.executor.run(argv, { timeoutMs: opts.timeoutMs, label: opts.label ?? argv.join(' '), ...(opts.onOutput ? { onOutput: opts.onOutput } : {}) });
  }

  spawn(argv: string[], label: string): SandboxProcess {
    this.ensureOpen();
    return this.executor.start(argv, label);
  }

  terminal(argv: string[], opts: TerminalOptions): TerminalProcess {
    this.ensureOpen();
    return this.executor.start(argv, argv.join(' '), { tty: { rows: opts.rows, cols: opts.cols, echo: opts.echo }, ...(opts.env ? { env: opts.env } : {}) });
  }

  alive(): boolean {
    return !this.closed && this.executor.alive;
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
