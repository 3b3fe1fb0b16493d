// Images and kernels are built from the Debian mirror this machine's apt already uses, read
// from its sources, so that nothing in the project names a host. On a machine whose apt is not
// Debian's (an Ubuntu CI runner), NETRECIPES_DEBIAN_MIRROR names one (the netrecipes action's
// debian-mirror input sets it).
import { readFileSync } from 'node:fs';
import { InfrastructureError } from '../errors.js';

const MIRROR_VARIABLE = 'NETRECIPES_DEBIAN_MIRROR';

const read = (f: string) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
};

/** True when this machine runs Debian itself (Ubuntu says ID=ubuntu, ID_LIKE=debian). */
export const isDebian = (osRelease = read('/etc/os-release')) => /^ID="?debian"?$/m.test(osRelease);

/** The Debian mirror: NETRECIPES_DEBIAN_MIRROR, else the one this Debian machine's apt uses. */
export function aptMirror(): string | undefined {
  if (process.env[MIRROR_VARIABLE]) return process.env[MIRROR_VARIABLE];
  if (!isDebian()) return undefined;
  const deb822 = /^URIs:\s*(\S+)/m.exec(read('/etc/apt/sources.list.d/debian.sources'));
  if (deb822) return deb822[1];
  return /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+\s+main/m.exec(read('/etc/apt/sources.list'))?.[1];
}

/** The mirror, or an infrastructure error (exit 3) that says how to name one. */
export function requireAptMirror(what: string): string {
  const mirror = aptMirror();
  if (mirror) return mirror;
  const why = isDebian() ? 'no Debian mirror in /etc/apt/sources.list(.d)' : "this machine's apt is not Debian's";
  throw new InfrastructureError(
    `${what} needs a Debian mirror and ${why}: set ${MIRROR_VARIABLE} to one (in GitHub Actions, the netrecipes action's debian-mirror input, e.g. from a repository variable DEBIAN_MIRROR)`,
  );
}
