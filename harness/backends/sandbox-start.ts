// How every backend sees a sandbox come up: its holder prints READY, and the holder's first
// child is the sandbox's PID 1. Shared by the netns backend (here) and the guest backends (in
// a VM, read through the agent), so that both fail the same way, with the holder's stderr.
import { InfrastructureError } from '../errors.js';

/** The holder's first child (the sandbox's init), from /proc/PID/task/PID/children read by `read`. */
export async function initPidOf(holderPid: number | undefined, read: (path: string) => Promise<string>): Promise<number | undefined> {
  if (!holderPid) return undefined;
  const first = (await read(`/proc/${holderPid}/task/${holderPid}/children`)).trim().split(/\s+/)[0];
  return first ? Number(first) : undefined;
}

/** Ends a holder that did not come up (`stop`), then throws why, with what it said on stderr. */
export async function holderFailed(where: string, why: string, stop: () => Promise<unknown>, stderr: string, more = ''): Promise<never> {
  await stop();
  throw new InfrastructureError(`${where} did not start: ${why}${stderr.trim() ? `\n${stderr.trim()}` : ''}${more}`);
}
