// A step during which the kernel killed a process of the sandbox for its memory limit fails,
// saying so: "memory limit (1 GiB) reached", whatever else its checks said (an exit 137 alone
// does not tell an OOM kill from a `kill -9`).
import type { Sandbox } from '../backends/backend.js';
import { memoryLimitReached } from '../backends/memory-limit.js';
import { verdict, type Verdict } from '../expect/verdict.js';

/** Starts watching `sandbox`'s memory limit; the returned check gives a failed verdict when it was reached since. */
export async function watchMemoryLimit(sandbox: Sandbox): Promise<() => Promise<Verdict | undefined>> {
  const memory = sandbox.memory;
  if (!memory) return async () => undefined;
  const before = await memory.kills();
  return async () => {
    const killed = (await memory.kills()) - before;
    if (killed <= 0) return undefined;
    const what = killed === 1 ? 'a process' : `${killed} processes`;
    await memory.makeRoom().catch(() => undefined); // what filled it may stay (a tmpfs): room for the diagnostics that follow a failure (none if the cgroup went with its sandbox)
    return verdict('memory', false, "within the sandbox's memory limit", `${memoryLimitReached(memory.limit)}: the kernel killed ${what} of the sandbox`);
  };
}
