// Who a netns sandbox's users are on the host: root inside is SANDBOX_ROOT_ID outside, an
// unprivileged id that owns nothing on this machine, so host files are only ever what "other"
// may do with them, and root-only interfaces (kernel.* sysctls, modules, devices, other
// namespaces) refuse it.
import { writeFile } from 'node:fs/promises';

export const SANDBOX_ROOT_ID = 1_000_000_000;
/** uids and gids 0..65535 inside (tcpdump drops to its own user, daemons to theirs). */
const SANDBOX_ID_COUNT = 65536;

/** Written by the harness (real root) for a process that has just made a user namespace. */
export async function writeIdMaps(pid: number): Promise<void> {
  const map = `0 ${SANDBOX_ROOT_ID} ${SANDBOX_ID_COUNT}\n`;
  await writeFile(`/proc/${pid}/uid_map`, map);
  await writeFile(`/proc/${pid}/gid_map`, map);
}
