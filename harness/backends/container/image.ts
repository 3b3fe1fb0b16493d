// Container images built here, from Debian packages, with no registry: debootstrap a release
// with the tools the scenarios drive, import the tree into Docker, and tag it with a hash of
// that recipe so that a second run finds it and builds nothing. (With registry access, point
// --image at an image of your own that has the same tools instead.)
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { requireAptMirror } from '../apt-mirror.js';
import { SANDBOX_IMAGE_PACKAGES } from '../../exec/debian-packages.js';
import { seconds } from '../../text/duration-format.js';

export { DISTROS, type Distro } from '../debian-releases.js';
import type { Distro } from '../debian-releases.js';

const RECIPE_VERSION = 1;

function imageTag(distro: Distro): string {
  const hash = createHash('sha256')
    .update(JSON.stringify({ distro, IMAGE_PACKAGES: SANDBOX_IMAGE_PACKAGES, RECIPE_VERSION }))
    .digest('hex')
    .slice(0, 12);
  return `netrecipes/debian:${distro}-${hash}`;
}

async function exists(tag: string): Promise<boolean> {
  const r = await execa('docker', ['image', 'inspect', tag], { reject: false });
  return r.exitCode === 0;
}

/** Returns the image for `distro`, building it (about a minute) when it is not cached. */
export async function ensureImage(distro: Distro, log: (line: string) => void = () => {}): Promise<string> {
  const tag = imageTag(distro);
  if (await exists(tag)) return tag;
  const mirror = requireAptMirror('building container images');
  const dir = await mkdtemp(join(process.env.NETRECIPES_BUILD_DIR ?? tmpdir(), `netrecipes-${distro}-`));
  const t0 = performance.now();
  log(`building ${tag} with debootstrap (once; cached by recipe hash)`);
  try {
    const boot = await execa('debootstrap', ['--variant=minbase', `--include=${SANDBOX_IMAGE_PACKAGES.join(',')}`, distro, dir, mirror], { reject: false });
    if (boot.failed)
      throw new InfrastructureError(
        `debootstrap ${distro} failed (apt-get install -y debootstrap?): ${boot.shortMessage}\n${boot.stderr.slice(-2000)}${boot.stdout.slice(-1000)}`,
      );
    const tree = ['-C', dir, '--exclude=./boot', '--exclude=./usr/lib/modules', '--exclude=./var/cache/apt/archives', '-c', '.'];
    const changes = ['--change', 'CMD ["sleep","infinity"]', '--change', `LABEL netrecipes.recipe=${tag}`];
    // the tree streams through, never held in memory
    const imp = await execa('tar', tree, { reject: false, buffer: { stdout: false } }).pipe('docker', ['import', ...changes, '-', tag], { reject: false });
    const tar = imp.pipedFrom[0];
    if (imp.failed || tar?.failed) {
      // an image made from a cut-short tree must not be found by the next run
      await execa('docker', ['image', 'rm', '-f', tag], { reject: false });
      const why = imp.failed ? `${imp.shortMessage}\n${imp.stderr}` : `${tar!.shortMessage}\n${typeof tar!.stderr === 'string' ? tar!.stderr : ''}`;
      throw new InfrastructureError(`docker import of ${tag} failed: ${why.trim()}`);
    }
    log(`built ${tag} in ${seconds(performance.now() - t0, 1)}`);
    return tag;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
