// A long-lived helper process the harness holds by its stdin (a sandbox's PID 1, the netns
// backend's staging area): it prints markers as it reaches stages ("MAP", "READY") and exits
// when its stdin closes, so it dies with the harness even when the harness is SIGKILLed. Its
// stdin and stdout can then become the channel to the executor it turned into.
import { execa, type ResultPromise } from 'execa';
import type { Channel } from './executor/client.js';
import { killTree } from './kill-tree.js';
import { SANDBOX_ENV } from './process.js';

export class HeldProcess {
  private out = '';
  private err = '';
  private exited = false;
  /** Set once stdout is handed over as a channel: it is no longer kept here. */
  private onData: ((chunk: string) => void) | undefined;
  private readonly waiters = new Set<() => void>();
  readonly sub: ResultPromise;

  /** `unref`: the harness may exit without ending it first (it then ends on its own: stdin closes). */
  constructor(argv: string[], env: Record<string, string> = {}, opts: { unref?: boolean } = {}) {
    this.sub = execa(argv[0]!, argv.slice(1), {
      reject: false,
      stdin: 'pipe',
      env: { ...SANDBOX_ENV, ...env },
      extendEnv: false,
      buffer: false,
      cwd: '/',
    });
    const wake = () => this.waiters.forEach((w) => w());
    this.sub.stdout?.setEncoding('utf8').on('data', (d: string) => (this.onData ? this.onData(d) : ((this.out += d), wake())));
    this.sub.stderr?.setEncoding('utf8').on('data', (d: string) => (this.err += d));
    void this.sub.then(() => ((this.exited = true), wake()));
    if (opts.unref) for (const handle of [this.sub, this.sub.stdin, this.sub.stdout, this.sub.stderr]) (handle as { unref?(): void } | null)?.unref?.();
  }

  get pid(): number | undefined {
    return this.sub.pid;
  }
  get running(): boolean {
    return !this.exited;
  }
  get stderr(): string {
    return this.err.trim();
  }

  /** True once `marker` was printed on a line of its own; false if the process exits or `timeoutMs` passes first. */
  waitFor(marker: string, timeoutMs: number): Promise<boolean> {
    const seen = () => this.out.split('\n').includes(marker);
    return new Promise((resolve) => {
      const check = () => {
        if (!seen() && !this.exited) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(seen());
      };
      const timer = setTimeout(() => (this.waiters.delete(check), resolve(seen())), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  send(line: string): void {
    this.sub.stdin?.write(`${line}\n`);
  }

  /** Its stdin and stdout as a channel; what it printed so far comes first. Closing the channel closes its stdin. */
  channel(): Channel {
    return {
      write: (text) => void this.sub.stdin?.write(text),
      listen: (onData, onEnd) => {
        const before = this.out;
        this.out = '';
        this.onData = onData;
        if (before) onData(before);
        if (this.exited) onEnd();
        else void this.sub.then(() => onEnd());
      },
      close: () => void this.sub.stdin?.end(),
    };
  }

  /** Closes stdin (the process ends itself and everything it holds); kills its tree after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    this.sub.stdin?.end();
    const timer = setTimeout(() => this.sub.pid && killTree(this.sub.pid), graceMs);
    await this.sub;
    clearTimeout(timer);
  }
}
