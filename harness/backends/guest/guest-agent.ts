// The harness's side of the guest agent (vm/guest/agent.py): JSON lines over the unix socket
// that QEMU connects to the guest's virtio-serial port. It launches processes in the guest the
// way LOCAL_LAUNCHER launches them here: output streamed back, exit status, a deadline that
// kills the whole process tree. If the guest dies, every command still waiting ends with an
// InfrastructureError that says why (the console's last lines).
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfrastructureError } from '../../errors.js';
import { CappedOutput, type CommandResult } from '../../exec/command-result.js';
import { type Launcher, type RunOptions, type SandboxProcess } from '../../exec/process.js';

interface AgentMessage {
  id?: number | null;
  pid?: number;
  out?: string;
  err?: string;
  exit?: number | null;
  signal?: string | null;
  error?: string;
  pong?: string;
}

/** A process in the guest; the agent's messages fill it in. */
export class GuestProcess implements SandboxProcess {
  /** Its pid inside the guest, once the agent has started it. */
  pid: number | undefined;
  private readonly out = new CappedOutput();
  private readonly err = new CappedOutput();
  result: CommandResult | undefined;
  /** Set when the guest went away before the process ended. */
  lost: string | undefined;
  readonly done: Promise<CommandResult>;
  private finish!: (r: CommandResult) => void;
  private readonly t0 = performance.now();

  constructor(
    private readonly agent: GuestAgent,
    readonly id: number,
    readonly label: string,
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

  onMessage(m: AgentMessage): void {
    if (m.pid !== undefined) this.pid = m.pid;
    if (m.out !== undefined) this.out.add(Buffer.from(m.out, 'base64').toString('utf8'));
    if (m.err !== undefined) this.err.add(Buffer.from(m.err, 'base64').toString('utf8'));
    if (m.error !== undefined) this.end({ exitCode: 127, stderr: `${this.stderr}${m.error}\n` });
    if (m.exit !== undefined || m.signal) this.end({ exitCode: m.exit ?? undefined, signal: m.signal ?? undefined });
  }

  end(how: { exitCode?: number; signal?: string; stderr?: string; timedOut?: boolean }): void {
    if (this.result) return;
    if (how.stderr !== undefined) this.err.text = how.stderr;
    this.result = {
      ...(this.out.cut || this.err.cut ? { outputCut: true } : {}),
      command: this.label,
      exitCode: how.exitCode,
      signal: how.signal as CommandResult['signal'],
      stdout: this.stdout,
      stderr: this.stderr,
      timedOut: how.timedOut ?? false,
      durationMs: performance.now() - this.t0,
    };
    this.finish(this.result);
  }

  async stop(graceMs = 1000): Promise<CommandResult> {
    if (this.result) return this.result;
    this.agent.signal(this.id, 'SIGTERM', true);
    const timer = setTimeout(() => this.agent.signal(this.id, 'SIGKILL'), graceMs);
    const r = await this.done;
    clearTimeout(timer);
    return r;
  }
}

export class GuestAgent implements Launcher {
  private nextId = 1;
  private readonly procs = new Map<number, GuestProcess>();
  private buffer = '';
  private pongs: ((release: string) => void)[] = [];
  private gone: string | undefined;

  private constructor(
    private readonly sock: Socket,
    /** Why the guest is gone (its console's last lines), asked when the connection drops. */
    private readonly deathReason: () => string,
  ) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => this.receive(d));
    sock.on('close', () => this.lose());
    sock.on('error', () => this.lose());
  }

  /** Connects to the agent's socket and waits until the guest answers, or `deadline` passes. */
  static async connect(path: string, deadline: number, deathReason: () => string, isUp: () => boolean): Promise<{ agent: GuestAgent; release: string }> {
    let sock: Socket | undefined;
    while (!sock) {
      if (!isUp()) throw new InfrastructureError(`the guest died while booting:\n${deathReason()}`);
      if (Date.now() > deadline) throw new InfrastructureError(`QEMU did not open its agent socket:\n${deathReason()}`);
      sock = await new Promise<Socket | undefined>((resolve) => {
        const s = connect(path);
        s.once('connect', () => resolve(s));
        s.once('error', () => resolve(undefined));
      });
      if (!sock) await sleep(50);
    }
    const agent = new GuestAgent(sock, deathReason);
    const pong = new Promise<string>((resolve) => agent.pongs.push(resolve));
    let release: string | undefined;
    void pong.then((r) => (release = r));
    while (release === undefined) {
      if (agent.gone || !isUp()) throw new InfrastructureError(`the guest died while booting:\n${deathReason()}`);
      if (Date.now() > deadline) {
        agent.close();
        throw new InfrastructureError(`the guest's agent did not answer in time (boot hung?):\n${deathReason()}`);
      }
      agent.send({ op: 'ping', id: 0 });
      await Promise.race([pong, sleep(250)]);
    }
    return { agent, release };
  }

  get alive(): boolean {
    return this.gone === undefined;
  }

  private send(msg: Record<string, unknown>): void {
    if (!this.gone) this.sock.write(`${JSON.stringify(msg)}\n`);
  }

  private receive(data: string): void {
    this.buffer += data;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      let m: AgentMessage;
      try {
        m = JSON.parse(line) as AgentMessage;
      } catch {
        continue; // a stale half line from before we connected
      }
      if (m.pong !== undefined) this.pongs.splice(0).forEach((f) => f(m.pong!));
      else if (typeof m.id === 'number') {
        const p = this.procs.get(m.id);
        p?.onMessage(m);
        if (p && !p.running) this.procs.delete(m.id);
      }
    }
  }

  /** The guest is gone: every process still running ends, marked lost. */
  private lose(): void {
    if (this.gone !== undefined) return;
    this.gone = this.deathReason();
    for (const p of this.procs.values()) {
      p.lost = this.gone;
      p.end({ stderr: `${p.stderr}[the guest died]\n` });
    }
    this.procs.clear();
  }

  signal(id: number, signal: 'SIGTERM' | 'SIGKILL', descendantsOnly = false): void {
    this.send({ op: 'signal', id, signal, descendantsOnly });
  }

  /** Starts argv in the guest, in its own session; `stdin: true` keeps its stdin open for writeStdin. */
  start(argv: string[], label: string, opts: { stdin?: boolean } = {}): GuestProcess {
    const id = this.nextId++;
    const p = new GuestProcess(this, id, label);
    if (this.gone) {
      p.lost = this.gone;
      p.end({ stderr: '[the guest is gone]\n' });
      return p;
    }
    this.procs.set(id, p);
    this.send({ op: 'spawn', id, argv, stdin: opts.stdin ?? false });
    return p;
  }

  writeStdin(id: number, data: string | undefined, close: boolean): void {
    this.send({ op: 'stdin', id, ...(data === undefined ? {} : { data: Buffer.from(data).toString('base64') }), close });
  }

  async run(argv: string[], opts: RunOptions): Promise<CommandResult> {
    const p = this.start(argv, opts.label, { stdin: opts.input !== undefined });
    if (opts.input !== undefined) this.writeStdin(p.id, opts.input, true);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.signal(p.id, 'SIGKILL');
      // the agent answers with the exit; if it cannot (guest hung), give up a little later
      setTimeout(() => p.end({ signal: 'SIGKILL', timedOut: true }), 5000).unref();
    }, opts.timeoutMs);
    const r = await p.done;
    clearTimeout(timer);
    if (p.lost !== undefined) throw new InfrastructureError(`the guest died while running "${opts.label}":\n${p.lost}`);
    return { ...r, timedOut: r.timedOut || timedOut };
  }

  /** Asks the guest to power off (sync, then sysrq o). */
  powerOff(): void {
    this.send({ op: 'poweroff' });
  }

  close(): void {
    this.sock.destroy();
  }
}
