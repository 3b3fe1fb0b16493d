// Sandboxes made one ahead: while a scenario runs in one sandbox, the next is made beside it,
// so a run of several scenarios does not wait for each sandbox to come up. A spare is as fresh
// as any sandbox (made and furnished like any, never used before it is taken); one still unused when the run
// ends is closed with the backend. The first sandbox of a backend is made on demand only, so a
// single scenario (`shell`, a one-file run) never pays for a spare. Every sandbox handed out is
// furnished (Backend.furnish): a spare while it waits.
import type { Backend, Sandbox } from './backend.js';

export class SpareSandboxes {
  private spare: Promise<Sandbox | undefined> | undefined;
  private taken = 0;

  constructor(
    private readonly makeEmpty: () => Promise<Sandbox>,
    private readonly backend: Pick<Backend, 'furnish'>,
  ) {}

  /** A new sandbox, furnished; closed again if furnishing fails. */
  private async make(): Promise<Sandbox> {
    const sandbox = await this.makeEmpty();
    try {
      await this.backend.furnish?.(sandbox);
      return sandbox;
    } catch (err) {
      await sandbox.close();
      throw err;
    }
  }

  /** A fresh sandbox: the spare if one is ready and alive, else a new one; then the next spare starts. */
  async take(): Promise<Sandbox> {
    // claimed before anything is awaited: two takers never share a spare
    const claimed = this.spare;
    this.spare = ++this.taken >= 2 ? this.make().catch(() => undefined) : undefined; // a failed spare: its taker makes its own
    const ready = await claimed;
    if (ready?.alive()) return ready;
    await ready?.close();
    return this.make();
  }

  /** Closes the spare nobody took. */
  async close(): Promise<void> {
    const spare = this.spare;
    this.spare = undefined;
    await (await spare)?.close();
  }
}
