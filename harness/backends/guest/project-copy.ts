// A guest sees none of this machine's files, so the projects of kselftest steps (Backend.share)
// are copied into it once it is up, to the same path, where its sandboxes find them. Only what
// an unprivileged local user may read goes (the archive is made as nobody, as a netns sandbox
// reads the project), without node_modules and .git, and at most MAX_PACKED bytes packed.
import { execa } from 'execa';
import { InfrastructureError } from '../../errors.js';
import type { GuestAgent } from './guest-agent.js';

/** The most a guest is sent of the projects, gzipped (the archive travels base64 in one request). */
const MAX_PACKED = 32 * 2 ** 20;
/** nobody: reads only what every local user may. */
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];

/** Copies `folders` (absolute paths) into the guest at the same paths. */
export async function copyProjects(agent: GuestAgent, folders: string[], timeoutMs: number): Promise<void> {
  if (!folders.length) return;
  const tar = await execa(
    NOBODY[0]!,
    [...NOBODY.slice(1), 'tar', '-C', '/', '-cz', '--exclude=node_modules', '--exclude=.git', '--ignore-failed-read', ...folders.map((f) => f.slice(1))],
    {
      encoding: 'buffer',
      reject: false,
      maxBuffer: MAX_PACKED + 1,
      timeout: 60_000,
    },
  );
  const packed = tar.stdout;
  if (tar.isMaxBuffer)
    throw new InfrastructureError(
      `the kselftest projects (${folders.join(', ')}) are over ${MAX_PACKED / 2 ** 20} MiB packed: too large to copy into the guest`,
    );
  if (!packed.length)
    throw new InfrastructureError(`could not pack the kselftest projects (${folders.join(', ')}) for the guest: ${Buffer.from(tar.stderr).toString().trim()}`);
  const r = await agent.run(['sh', '-c', 'base64 -d | tar -xz -C /'], {
    timeoutMs,
    label: 'copy the kselftest projects into the guest',
    input: Buffer.from(packed).toString('base64'),
  });
  if (r.exitCode !== 0) throw new InfrastructureError(`could not copy the kselftest projects into the guest: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
}
