// The embedded default backend: each sandbox is a set of fresh Linux namespaces (net, mount,
// pid) held open by holder.sh. No VM, no daemon; it dies with the harness.
import { readFile } from 'node:fs/promises';
import { execa, type ResultPromise } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { SANDBOX_ENV } from '../../exec/process.js';
import { scriptBeside } from '../../exec/script-file.js';
import { SANDBOX_INIT_SCRIPT } from '../../world/world.js';
import { killTree } from '../../exec/kill-tree.js';
import type { Backend, Sandbox } from '../backend.js';
import { NsenterSandbox } from '../nsenter-sandbox.js';
import { requireTools } from '../required-tools.js';

/** PID 1 of every netns sandbox, here or in a guest. */
export const HOLDER_SCRIPT = scriptBeside(import.meta.url, './holder.sh');
/**
 * The holder's argv after unshare. --norc: its stdin is a socket (how Node makes pipes), and
 * `bash -c` on a socket reads ~/.bashrc as if run by rshd; a user's rc file (seen: one that
 * runs `pyenv rehash` and waits on a stale lock) must never run in a sandbox.
 */
export const HOLDER_ARGV = ['bash', '--norc', '-c', HOLDER_SCRIPT, 'holder', SANDBOX_INIT_SCRIPT];
const READY_TIMEOUT_MS = 5000;
export const UNSHARE = ['unshare', '--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private'];

async function childOf(pid: number): Promise<number | undefined> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const first = text.trim().split(/\s+/)[0];
  return first ? Number(first) : undefined;
}

class NetnsSandbox extends NsenterSandbox {
  readonly backend = 'netns';
  private exited = false;

  constructor(
    private readonly holder: ResultPromise,
    initPid: number,
  ) {
    super(initPid);
    void holder.then(() => (this.exited = true));
  }

  override alive(): boolean {
    return !this.exited && super.alive();
  }

  /** Closing the holder's stdin ends PID 1, and with it every process and namespace inside. */
  protected async teardown(): Promise<void> {
    this.holder.stdin?.end();
    const timer = setTimeout(() => this.holder.pid && killTree(this.holder.pid), 3000);
    await this.holder;
    clearTimeout(timer);
  }
}

export class NetnsBackend implements Backend {
  readonly name = 'netns';

  async probe(): Promise<void> {
    if (process.getuid?.() !== 0) throw new InfrastructureError('the netns backend needs root (run as root or with sudo)');
    await requireTools({ unshare: 'util-linux', nsenter: 'util-linux', ip: 'iproute2' }, 'the netns backend');
  }

  async create(): Promise<Sandbox> {
    const holder = execa(UNSHARE[0]!, [...UNSHARE.slice(1), ...HOLDER_ARGV], {
      reject: false,
      stdin: 'pipe',
      env: SANDBOX_ENV,
      extendEnv: false,
      buffer: false,
    });
    let out = '';
    let err = '';
    holder.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      holder.stdout?.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('READY\n')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      void holder.then(() => resolve(false));
    });
    const fail = async (why: string): Promise<never> => {
      holder.stdin?.end();
      if (holder.pid) killTree(holder.pid);
      await holder;
      throw new InfrastructureError(`netns sandbox did not start: ${why}${err ? `\n${err.trim()}` : ''}`);
    };
    if (!(await ready)) return fail(`no READY within ${READY_TIMEOUT_MS} ms`);
    const initPid = holder.pid ? await childOf(holder.pid) : undefined;
    if (!initPid) return fail('could not find the sandbox init process');
    return new NetnsSandbox(holder, initPid);
  }
}
