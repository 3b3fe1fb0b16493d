// What a QEMU guest boots from, made here from Debian packages and cached: kernels (fetched
// with apt-get download and unpacked, never installed; vm/fetch-kernel.sh) and one root file
// system image (debootstrap; vm/build-rootfs.sh) named by a hash of its recipe, so that it is
// rebuilt only when the recipe changes.
import { cacheDir } from '../../exec/cache-dir.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { requireAptMirror } from '../apt-mirror.js';
import type { KernelSpec } from './kernel-spec.js';
import { SANDBOX_IMAGE_PACKAGES } from '../../exec/debian-packages.js';
import { EXECUTOR_FILE } from '../../exec/executor/program.js';
import { seconds } from '../../text/durations.js';

export { KERNEL_SUITES, parseKernel, type KernelSpec } from './kernel-spec.js';

/** vm/: the scripts and guest files the VM backends boot from. */
export const VM_DIR = fileURLToPath(new URL('../../../vm/', import.meta.url));
const FETCH_KERNEL = join(VM_DIR, 'fetch-kernel.sh');
const BUILD_ROOTFS = join(VM_DIR, 'build-rootfs.sh');
/** What the root image holds of ours: the guest's init and its agent (the resident executor). */
const GUEST_FILES = [join(VM_DIR, 'guest/init.sh'), EXECUTOR_FILE];

/** The release the guests' user space comes from; kernels vary, user space does not. */
export const ROOTFS_RELEASE = 'bookworm';
const ROOTFS_PACKAGES = [...SANDBOX_IMAGE_PACKAGES, 'kmod'];

export interface KernelAssets {
  spec: KernelSpec;
  vmlinuz: string;
  initrd: string;
  modules: string;
  /** uname -r of the kernel. */
  release: string;
  /** The exact package it came from. */
  package: string;
}

export { cacheDir };

function recipeHash(files: string[], extra: unknown): string {
  const h = createHash('sha256').update(JSON.stringify(extra));
  for (const f of files) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 12);
}

/** Removes what older recipes left in `dir` (entries starting with `prefix`, other than `keep`). */
async function pruneOlder(dir: string, prefix: string, keep: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name !== keep && !name.includes('.tmp')) await rm(join(dir, name), { recursive: true, force: true });
  }
}

const mirrorOrThrow = () => requireAptMirror('the qemu backend (its kernels and root file system)');

async function runScript(script: string, args: string[], what: string): Promise<string> {
  const r = await execa('bash', [script, ...args], { reject: false, env: { LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.exitCode !== 0) throw new InfrastructureError(`${what} failed: ${String(r.stderr).trim().split('\n').slice(-6).join('\n')}`);
  return String(r.stdout).trim().split('\n').pop() ?? '';
}

/** Fetches and unpacks a kernel once; later runs find it in the cache. */
export async function ensureKernel(spec: KernelSpec, log: (line: string) => void = () => {}): Promise<KernelAssets> {
  const key = `${spec.suite}_${spec.package}_${recipeHash([FETCH_KERNEL, join(VM_DIR, 'guest/initrd-init.sh')], 1)}`;
  const dir = join(cacheDir(), 'vm', 'kernels', key);
  if (!existsSync(join(dir, 'release'))) {
    await mkdir(join(cacheDir(), 'vm', 'kernels'), { recursive: true });
    const t0 = performance.now();
    log(`fetching kernel ${spec.name} (${spec.package} from ${spec.suite}; once, cached in ${dir})`);
    await runScript(FETCH_KERNEL, [spec.suite, spec.package, dir, mirrorOrThrow()], `fetching kernel ${spec.name}`);
    await pruneOlder(join(cacheDir(), 'vm', 'kernels'), `${spec.suite}_${spec.package}_`, key);
    log(`kernel ${spec.name} ready in ${seconds(performance.now() - t0, 1)}`);
  }
  const read = async (f: string) => (await readFile(join(dir, f), 'utf8')).trim();
  return {
    spec,
    vmlinuz: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd.img'),
    modules: join(dir, 'modules.img'),
    release: await read('release'),
    package: await read('package'),
  };
}

let rootfsBuild: Promise<string> | undefined;

/** The guests' root file system image, built once per recipe (about 90 s). */
export function ensureRootfs(log: (line: string) => void = () => {}): Promise<string> {
  return (rootfsBuild ??= (async () => {
    const hash = recipeHash([BUILD_ROOTFS, ...GUEST_FILES], { ROOTFS_RELEASE, ROOTFS_PACKAGES });
    const image = join(cacheDir(), 'vm', 'rootfs', `${ROOTFS_RELEASE}-${hash}.img`);
    if (existsSync(image)) return image;
    await mkdir(join(cacheDir(), 'vm', 'rootfs'), { recursive: true });
    const t0 = performance.now();
    log(`building the guest root file system with debootstrap (once; cached as ${image})`);
    await runScript(BUILD_ROOTFS, [ROOTFS_RELEASE, image, mirrorOrThrow(), ROOTFS_PACKAGES.join(','), EXECUTOR_FILE], 'building the guest root file system');
    await pruneOlder(join(cacheDir(), 'vm', 'rootfs'), `${ROOTFS_RELEASE}-`, `${ROOTFS_RELEASE}-${hash}.img`);
    log(`root file system built in ${seconds(performance.now() - t0, 1)}`);
    return image;
  })().catch((err: unknown) => {
    rootfsBuild = undefined;
    throw err;
  }));
}
