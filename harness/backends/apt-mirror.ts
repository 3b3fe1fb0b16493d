// Images and kernels are built from the Debian mirror this machine's apt already uses, read
// from its sources, so that nothing in the project names a host. On a machine whose apt is not
// Debian's (an Ubuntu CI runner), NETRECIPES_DEBIAN_MIRROR names one.
import { readFileSync } from 'node:fs';

/** The Debian mirror this machine's apt already uses (so nothing here names a host). */
export function aptMirror(): string | undefined {
  if (process.env.NETRECIPES_DEBIAN_MIRROR) return process.env.NETRECIPES_DEBIAN_MIRROR;
  const read = (f: string) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
  const deb822 = /^URIs:\s*(\S+)/m.exec(read('/etc/apt/sources.list.d/debian.sources'));
  if (deb822) return deb822[1];
  return /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+\s+main/m.exec(read('/etc/apt/sources.list'))?.[1];
}
