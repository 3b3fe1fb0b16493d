// One process a resident executor started for the harness, as the harness sees it: its output as
// it arrives (kept up to MAX_OUTPUT per stream, decoded as UTF-8 across chunk boundaries), its
// input, signals to it or its whole tree, and its end. The executor client fills it in.
import { StringDecoder } from 'node:string_decoder';
import { CappedOutput, type CommandResult } from '../command-result.js';
import type { Request } from './protocol.js';
import type { TerminalProcess } from '../process.js';

/** After a SIGKILL, how long the executor has to say the process ended before the harness takes it for ended (a hung guest cannot say it). */
const KILL_GRACE_MS = 5000;

/** How a process tells its client what to send for it. */
export type Send = (r: Request) => void;

/** Stream a chunk came on: a terminal's output is all 'out'. */
export type StreamName = 'out' | 'err';

export class ExecutorProcess implements TerminalProcess {
  /** Its pid where the executor runs, once started. */
  pid: number | undefined;
  result: CommandResult | undefined;
  /** Set when the executor went away before the process ended: why. */
  lost: string | undefined;
  readonly done: Promise<CommandResult>;
  private finish!: (r: CommandResult) => void;
  private readonly out = new CappedOutput();
  private readonly err = new CappedOutput();
  private readonly decoders = { out: new StringDecoder('utf8'), err: new StringDecoder('utf8') };
  private readonly listeners: ((data: Buffer, stream: StreamName) => void)[] = [];
  private cut = false;
  private readonly t0 = performance.now();

  constructor(
    private readonly send: Send,
    readonly id: number,
    readonly label: string,
    /** false: hand output to listeners only (a relay, a terminal): nothing is kept. */
    private readonly keep = true,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  get running(): boolean {
    return this.result === undefined;
  }

  get stdout(): string {
    return this.out.text;
  }

  get stderr(): string {
    return this.err.text;
  }

  /** Every chunk of output as it arrives, raw. */
  onOutput(listener: (data: Buffer, stream: StreamName) => void): void {
    this.listeners.push(listener);
  }

  received(stream: StreamName, data: Buffer): void {
    if (this.keep) (stream === 'out' ? this.out : this.err).add(this.decoders[stream].write(data));
    for (const l of this.listeners) l(data, stream);
  }

  markCut(): void {
    this.cut = true;
  }

  write(data: string | Uint8Array): void {
    if (this.running) this.send({ op: 'stdin', id: this.id, data });
  }

  closeStdin(): void {
    if (this.running) this.send({ op: 'stdin', id: this.id, close: true });
  }

  resize(rows: number, cols: number): void {
    if (this.running) this.send({ op: 'resize', id: this.id, rows, cols });
  }

  /** `tree`: its session and every descendant, as a terminal's hang-up or a timeout should. */
  signal(signal: NodeJS.Signals, tree = true): void {
    if (this.running) this.send({ op: 'signal', id: this.id, signal, tree });
  }

  end(how: { exitCode?: number; signal?: NodeJS.Signals; stderr?: string; timedOut?: boolean }): void {
    if (this.result) return;
    if (this.keep) for (const s of ['out', 'err'] as const) (s === 'out' ? this.out : this.err).add(this.decoders[s].end());
    if (how.stderr !== undefined) this.err.add(how.stderr);
    this.result = {
      ...(this.cut || this.out.cut || this.err.cut ? { outputCut: true } : {}),
      command: this.label,
      exitCode: how.exitCode,
      signal: how.signal,
      stdout: this.stdout,
      stderr: this.stderr,
      timedOut: how.timedOut ?? false,
      durationMs: performance.now() - this.t0,
    };
    this.finish(this.result);
  }

  /** SIGKILL to its whole tree; if the executor has not said it ended KILL_GRACE_MS later, it is taken for ended here. */
  kill(how: { timedOut?: boolean } = {}): void {
    this.signal('SIGKILL');
    setTimeout(() => this.end({ signal: 'SIGKILL', ...how }), KILL_GRACE_MS).unref();
  }

  /** SIGTERM to its whole tree (so tcpdump flushes), then kill() after `graceMs`. */
  async stop(graceMs = 1000): Promise<CommandResult> {
    if (this.result) return this.result;
    this.signal('SIGTERM');
    const kill = setTimeout(() => this.kill(), graceMs);
    const r = await this.done;
    clearTimeout(kill);
    return r;
  }
}
