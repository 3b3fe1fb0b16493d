// Container images built here, from Debian packages, with no registry: debootstrap a release
// with the tools the scenarios drive, import the tree into Docker, and tag it with a hash of
// that recipe so that a second run finds it and builds nothing. (With registry access, point
// --image at an image of your own that has the same tools instead.)
import { seconds } from '../../text/durations.js';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { requireAptMirror } from '../apt-mirror.js';
import { SANDBOX_IMAGE_PACKAGES } from '../../exec/debian-packages.js';

export const DISTROS = ['bullseye', 'bookworm', 'trixie', 'sid'] as const;
export type Distro = (typeof DISTROS)[number];

const RECIPE_VERSION = 1;

export function imageTag(distro: Distro): string {
  const hash = createHash('sha256').update(JSON.stringify({ distro, IMAGE_PACKAGES: SANDBOX_IMAGE_PACKAGES, RECIPE_VERSION })).digest('hex').slice(0, 12);
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
    if (boot.exitCode !== 0) throw new InfrastructureError(`debootstrap ${distro} failed (apt-get install -y debootstrap?):\n${boot.stderr.slice(-2000)}${boot.stdout.slice(-1000)}`);
    const imp = await execa('tar', ['-C', dir, '--exclude=./boot', '--exclude=./usr/lib/modules', '--exclude=./var/cache/apt/archives', '-c', '.'], { reject: false, buffer: { stdout: false } /* the tree streams through, never held */ }).pipe(
      'docker',
      ['import', '--change', 'CMD ["sleep","infinity"]', '--change', `LABEL netrecipes.recipe=${tag}`, '-', tag],
      { reject: false },
    );
    const tar = imp.pipedFrom[0];
    if (imp.exitCode !== 0 || tar?.exitCode !== 0) throw new InfrastructureError(`docker import of ${tag} failed: ${tar?.stderr ?? ''}${imp.stderr}`);
    log(`built ${tag} in ${seconds(performance.now() - t0, 1)}`);
    return tag;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
