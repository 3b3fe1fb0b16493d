// The run's staging area for netns sandboxes (staging.sh): a private mount namespace holding
// the copy of /etc every sandbox's /etc is layered on, and the commands that shadow the host's.
import { InfrastructureError } from '../../errors.js';
import { HeldProcess } from '../../exec/held-process.js';
import { scriptBeside } from '../../exec/script-file.js';
import { EXECUTOR_SOURCE } from '../../exec/executor/program.js';
import { SANDBOX_ROOT_ID } from './id-map.js';

const STAGING_SCRIPT = scriptBeside(import.meta.url, './staging.sh');
const MODPROBE_SCRIPT = scriptBeside(import.meta.url, './modprobe.sh');
const READY_TIMEOUT_MS = 15_000;

export class Staging {
  private constructor(private readonly proc: HeldProcess) {}

  /** `modules`: kernel modules found present, which the sandboxes' modprobe accepts. */
  static async start(modules: string[]): Promise<Staging> {
    // unref: a run that forgets to close its backend still exits, and this ends with it
    const proc = new HeldProcess(
      [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '--',
        'bash',
        '--norc',
        '-c',
        STAGING_SCRIPT,
        'staging',
        String(SANDBOX_ROOT_ID),
        MODPROBE_SCRIPT,
        modules.join(' '),
        EXECUTOR_SOURCE,
      ],
      {},
      { unref: true },
    );
    if (!(await proc.waitFor('READY', READY_TIMEOUT_MS))) {
      await proc.stop(0);
      throw new InfrastructureError(`the netns backend's staging area did not start${proc.stderr ? `: ${proc.stderr}` : ''}`);
    }
    return new Staging(proc);
  }

  /** The mount namespace every sandbox starts from. */
  get mountNs(): string {
    return `/proc/${this.proc.pid}/ns/mnt`;
  }

  get running(): boolean {
    return this.proc.running;
  }

  close(): Promise<void> {
    return this.proc.stop();
  }
}
