// A QEMU guest's agent is the resident executor (exec/executor.py --port) running as the
// guest's root on a virtio-serial port, which QEMU joins to a unix socket here. This connects to
// that socket while the guest boots and waits until the agent answers; the harness then speaks
// the executor's protocol to it, as to every sandbox's executor. If the guest dies, every
// command still waiting ends with an InfrastructureError that says why (the console's last lines).
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfrastructureError } from '../../errors.js';
import { socketChannel } from '../../exec/executor/channels.js';
import { ExecutorClient } from '../../exec/executor/client.js';

/** The guest's agent: an executor client over its port. */
export type GuestAgent = ExecutorClient;

const PING_EVERY_MS = 250;

/** Connects to the agent's socket and waits until the guest answers, or `deadline` passes. */
export async function connectAgent(
  path: string,
  deadline: number,
  deathReason: () => string,
  isUp: () => boolean,
): Promise<{ agent: GuestAgent; release: string }> {
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
  const agent = new ExecutorClient(socketChannel(sock), deathReason);
  // Its hello may have gone out before anyone listened: ask until it answers.
  for (;;) {
    if (!agent.alive || !isUp()) throw new InfrastructureError(`the guest died while booting:\n${deathReason()}`);
    if (Date.now() > deadline) {
      agent.close();
      throw new InfrastructureError(`the guest's agent did not answer in time (boot hung?):\n${deathReason()}`);
    }
    const release = await agent.ping(PING_EVERY_MS);
    if (release !== undefined) return { agent, release };
  }
}
