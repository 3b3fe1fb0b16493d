// The harness's side of a resident executor (executor.py): requests out, answers in, over a
// channel the executor alone holds inside (a held process's stdio, a unix socket, a guest
// process relayed by the guest's own executor). Starts processes the way every backend needs:
// output streamed back, exit status, a deadline that kills the whole process tree. When the
// channel closes, every process still waiting ends, marked lost, with the reason the owner gives.
import { InfrastructureError } from '../../errors.js';
import type { CommandResult } from '../command-result.js';
import { decodeAnswer, encodeRequest, type Answer, type Request } from './protocol.js';
import { ExecutorProcess } from './started-process.js';
import type { Launcher, RunOptions, StartOptions } from '../process.js';
import { cpuContention, spareTimeout } from '../spare-time.js';

/** The harness's end of the bytes to and from an executor. */
export interface Channel {
  write(text: string): void;
  /** `onData` gets each chunk as it arrives; `onEnd`, once, when the other side closed. */
  listen(onData: (chunk: string) => void, onEnd: () => void): void;
  close(): void;
}

/** A line longer than this is no answer: the channel is broken (64 KiB of output is 88 KiB of base64). */
const MAX_LINE = 1024 * 1024;

export interface ConnectOptions {
  /** Wait this long for the executor's hello. */
  timeoutMs: number;
  /** Why the executor is gone, asked when the channel closes (a holder's stderr, a console). */
  deathReason: () => string;
  /** What the error calls the place (the netns sandbox, the container...). */
  what: string;
}

export class ExecutorClient implements Launcher {
  private nextId = 1;
  private readonly procs = new Map<number, ExecutorProcess>();
  private buffer = '';
  private gone: string | undefined;
  private readonly waiters = new Set<(a: Answer | undefined) => void>();

  constructor(
    private readonly channel: Channel,
    private readonly deathReason: () => string,
  ) {
    channel.listen(
      (chunk) => this.receive(chunk),
      () => this.lose(),
    );
  }

  /** A client once the executor at the other end of `channel` has said hello; throws InfrastructureError if it does not. */
  static async connect(channel: Channel, opts: ConnectOptions): Promise<ExecutorClient> {
    const client = new ExecutorClient(channel, opts.deathReason);
    const hello = await client.next((a) => a.kind === 'hello', opts.timeoutMs);
    if (!hello) {
      client.close();
      const why = client.gone !== undefined ? 'it exited' : `no hello within ${opts.timeoutMs} ms`;
      const detail = opts.deathReason().trim();
      throw new InfrastructureError(`${opts.what} did not start: ${why}${detail ? `\n${detail}` : ''}`);
    }
    return client;
  }

  get alive(): boolean {
    return this.gone === undefined;
  }

  private send(r: Request): void {
    if (this.gone === undefined) this.channel.write(encodeRequest(r));
  }

  /** The next answer for which `match` holds, or undefined when `timeoutMs` passes or the channel closes. */
  private next(match: (a: Answer) => boolean, timeoutMs: number): Promise<Answer | undefined> {
    return new Promise((resolve) => {
      const waiter = (a: Answer | undefined) => {
        if (a !== undefined && !match(a)) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(a);
      };
      const timer = setTimeout(() => waiter(undefined), timeoutMs);
      this.waiters.add(waiter);
      if (this.gone !== undefined) waiter(undefined);
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const answer = decodeAnswer(this.buffer.slice(0, nl));
      this.buffer = this.buffer.slice(nl + 1);
      if (answer) this.dispatch(answer);
    }
    if (this.buffer.length > MAX_LINE) {
      this.channel.close();
      this.lose(`the executor sent a line of over ${MAX_LINE} bytes`);
    }
  }

  private dispatch(a: Answer): void {
    for (const w of [...this.waiters]) w(a);
    const p = a.kind === 'hello' || a.id === undefined ? undefined : this.procs.get(a.id);
    if (!p) return;
    switch (a.kind) {
      case 'pid':
        p.pid = a.pid;
        break;
      case 'out':
      case 'err':
        p.received(a.kind, a.data);
        break;
      case 'cut':
        p.markCut();
        break;
      case 'error': // could not start at all (ENOENT...): as a shell says it
        this.procs.delete(a.id!);
        p.end({ exitCode: 127, stderr: `${a.message}\n` });
        break;
      case 'exit':
        this.procs.delete(a.id);
        p.end({ exitCode: a.exitCode, signal: a.signal });
        break;
    }
  }

  /** The executor is gone: every process still running ends, marked lost. */
  private lose(why?: string): void {
    if (this.gone !== undefined) return;
    this.gone = why ?? this.deathReason();
    for (const w of [...this.waiters]) w(undefined);
    for (const p of this.procs.values()) {
      p.lost = this.gone;
      p.end({ stderr: '[the sandbox is gone]\n' });
    }
    this.procs.clear();
  }

  /** Starts argv where the executor runs, in a session of its own. */
  start(argv: string[], label: string, opts: StartOptions = {}): ExecutorProcess {
    const id = this.nextId++;
    const p = new ExecutorProcess((r) => this.send(r), id, label, !opts.relay && !opts.tty);
    if (this.gone !== undefined) {
      p.lost = this.gone;
      p.end({ stderr: '[the sandbox is gone]\n' });
      return p;
    }
    this.procs.set(id, p);
    this.send({ op: 'spawn', id, argv, ...opts });
    return p;
  }

  /**
   * Runs argv to its end or until `timeoutMs` of the time the machine had to spare (a busy
   * machine stretches it: spare-time.ts), then kills its whole tree; throws InfrastructureError
   * if the executor goes away meanwhile.
   */
  async run(argv: string[], opts: RunOptions): Promise<CommandResult> {
    const p = this.start(argv, opts.label, opts.input === undefined ? {} : { input: opts.input });
    if (opts.onOutput) p.onOutput(opts.onOutput);
    let timedOut = false;
    const cancel = spareTimeout(opts.timeoutMs, cpuContention, () => {
      timedOut = true;
      p.kill({ timedOut: true });
    });
    const r = await p.done;
    cancel();
    this.procs.delete(p.id); // gone already, unless the executor never said it ended
    if (p.lost !== undefined) throw new InfrastructureError(`the sandbox went away while running "${opts.label}":\n${p.lost}`);
    return { ...r, timedOut: r.timedOut || timedOut, timeoutMs: opts.timeoutMs };
  }

  /** The kernel release where the executor runs, once it answers (a booting guest's agent may not yet). */
  async ping(timeoutMs: number): Promise<string | undefined> {
    const id = this.nextId++;
    this.send({ op: 'ping', id });
    const a = await this.next((x) => x.kind === 'pong' && x.id === id, timeoutMs);
    return a?.kind === 'pong' ? a.release : undefined;
  }

  /** Asks a guest's agent to power the guest off (sync, then sysrq o). */
  powerOff(): void {
    this.send({ op: 'poweroff' });
  }

  /** Closes the harness's end: an executor that is a sandbox's PID 1 then ends, and the sandbox with it. */
  close(): void {
    this.channel.close();
  }
}
