// What a QEMU guest boots from, made here and cached: kernels (Debian's, fetched with apt-get
// download, vm/fetch-kernel.sh; or one the user has, kernel-source.ts), unpacked, never
// installed, their boot files (vm/kernel-boot-files.sh) named by a hash of the kernel's content
// and of their recipe, never by a name; and a root file system image per Debian release
// (debootstrap; vm/build-rootfs.sh) named by a hash of its recipe, so that it is rebuilt only
// when the recipe changes. Our own guest files (init, agent) are not in the image: they come
// with the initrd (guest-initrd.ts), so changing them costs no debootstrap.
import { cacheDir } from '../../exec/cache-dir.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { InfrastructureError, UsageError } from '../../errors.js';
import { requireAptMirror } from '../apt-mirror.js';
import type { DebianKernel, KernelSpec } from './kernel-spec.js';
import { bootFileHash } from './content-hash.js';
import { isDeb, kernelAtPath, unpackDebs, type KernelFiles } from './kernel-source.js';
import { SANDBOX_IMAGE_PACKAGES } from '../../exec/debian-packages.js';
import { seconds } from '../../text/duration-format.js';

export { KERNEL_SUITES, parseKernel, parseKernels, type KernelSpec } from './kernel-spec.js';

/** vm/: the scripts and guest files the VM backends boot from. */
export const VM_DIR = fileURLToPath(new URL('../../../vm/', import.meta.url));
const FETCH_KERNEL = join(VM_DIR, 'fetch-kernel.sh');
const KERNEL_BOOT_FILES = join(VM_DIR, 'kernel-boot-files.sh');
const BUILD_ROOTFS = join(VM_DIR, 'build-rootfs.sh');

import type { Distro } from '../debian-releases.js';
/** The release the guests' user space comes from unless --distro says otherwise. */
export const DEFAULT_GUEST_DISTRO: Distro = 'bookworm';
/** The container images' package list (one list for every image the harness builds), plus kmod for modprobe. */
const ROOTFS_PACKAGES = [...SANDBOX_IMAGE_PACKAGES, 'kmod'];

export interface KernelAssets {
  spec: KernelSpec;
  vmlinuz: string;
  initrd: string;
  modules: string;
  /** uname -r of the kernel. */
  release: string;
  /** Where it came from, for the report: "Debian linux-image-6.1.0-28-amd64 (bookworm)", "image /src/bzImage". */
  origin: string;
  /** The exact Debian package it came from, when it did. */
  package?: string;
  /** Its config, when one came with it (checked before it boots). */
  config?: string;
  /** False for a kernel given without modules: only what is built in can be used. */
  hasModules: boolean;
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

const KERNELS = () => join(cacheDir(), 'vm', 'kernels');
/** What the boot files of a kernel are made with: a change to it remakes them. */
const BOOT_RECIPE = () => recipeHash([KERNEL_BOOT_FILES, join(VM_DIR, 'guest/initrd-init.sh')], 2);

/** The .deb files of a Debian kernel, downloaded once into the cache (vm/debs/SUITE_PACKAGE). */
export async function ensureKernelDebs(spec: DebianKernel, log: (line: string) => void = () => {}): Promise<{ debs: string[]; package: string }> {
  const dir = join(cacheDir(), 'vm', 'debs', `${spec.suite}_${spec.package}`);
  if (!existsSync(join(dir, 'package'))) {
    await mkdir(dirname(dir), { recursive: true });
    const t0 = performance.now();
    log(`fetching kernel ${spec.name} (${spec.package} from ${spec.suite}; once, cached in ${dir})`);
    await runScript(FETCH_KERNEL, [spec.suite, spec.package, dir, mirrorOrThrow()], `fetching kernel ${spec.name}`);
    log(`kernel ${spec.name} fetched in ${seconds(performance.now() - t0, 1)}`);
  }
  const debs = (await readdir(dir))
    .filter((f) => f.endsWith('.deb'))
    .sort()
    .map((f) => join(dir, f));
  return { debs, package: (await readFile(join(dir, 'package'), 'utf8')).trim() };
}

const beingMade = new Map<string, Promise<void>>();

async function makeBootFiles(
  dir: string,
  key: string,
  name: string,
  origin: string,
  files: () => Promise<KernelFiles>,
  log: (line: string) => void,
): Promise<void> {
  await mkdir(KERNELS(), { recursive: true });
  const t0 = performance.now();
  const f = await files();
  try {
    await f.materialize?.();
    log(`making boot files for ${f.release} (${origin}; once, cached in ${dir})`);
    await runScript(KERNEL_BOOT_FILES, [dir, f.release, f.vmlinuz, f.modules ?? '-', f.config ?? '-'], `making the boot files of ${origin}`);
    await pruneOlder(KERNELS(), `${key}-`, name);
    log(`boot files of ${f.release} ready in ${seconds(performance.now() - t0, 1)}`);
  } finally {
    await f.cleanup();
  }
}

/** The boot files of `key` in the cache, made from `files()` when they are not there yet. */
async function bootFiles(spec: KernelSpec, key: string, origin: string, files: () => Promise<KernelFiles>, log: (line: string) => void): Promise<KernelAssets> {
  const name = `${key}-${BOOT_RECIPE()}`;
  const dir = join(KERNELS(), name);
  // Cells boot side by side: one kernel listed twice (by name and as its .deb) is made once.
  let making = beingMade.get(dir);
  if (!making && !existsSync(join(dir, 'release'))) {
    making = makeBootFiles(dir, key, name, origin, files, log).finally(() => beingMade.delete(dir));
    beingMade.set(dir, making);
  }
  await making;
  const config = join(dir, 'config');
  return {
    spec,
    vmlinuz: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd.img'),
    modules: join(dir, 'modules.img'),
    release: (await readFile(join(dir, 'release'), 'utf8')).trim(),
    origin,
    ...(existsSync(config) ? { config } : {}),
    hasModules: !existsSync(join(dir, 'builtin-only')),
  };
}

/** .deb files (a Debian kernel's, or one given): named in the cache by their content, unpacked only when not there yet. */
async function fromDebs(spec: KernelSpec, debs: string[], origin: string, log: (line: string) => void): Promise<KernelAssets> {
  return bootFiles(spec, await bootFileHash(debs), origin, () => unpackDebs(debs, origin), log);
}

/** A kernel ready to boot: fetched or unpacked and its boot files made once, cached by content. */
export async function ensureKernel(spec: KernelSpec, log: (line: string) => void = () => {}): Promise<KernelAssets> {
  if (spec.kind === 'debian') {
    const { debs, package: pkg } = await ensureKernelDebs(spec, log);
    return { ...(await fromDebs(spec, debs, `Debian ${pkg} (${spec.suite})`, log)), package: pkg };
  }
  if (await isDeb(spec.path)) {
    if (spec.modules) throw new UsageError('--kernel-modules goes with a kernel image, not a .deb (it holds its modules)');
    return fromDebs(spec, [spec.path], `deb ${spec.path}`, log);
  }
  const files = await kernelAtPath(spec);
  const modules = files.modulesFrom ?? files.modules;
  const origin = `${files.origin}${modules ? ` (modules: ${modules})` : ' (no modules: built-in features only)'}`;
  try {
    return await bootFiles(spec, await bootFileHash(files.content, files.modules), origin, async () => files, log);
  } finally {
    await files.cleanup();
  }
}

const rootfsBuilds = new Map<Distro, Promise<string>>();

/** The guests' root file system image of `release`, built once per recipe (about 90 s). */
export function ensureRootfs(release: Distro = DEFAULT_GUEST_DISTRO, log: (line: string) => void = () => {}): Promise<string> {
  const pending = rootfsBuilds.get(release);
  if (pending) return pending;
  const build = (async () => {
    const hash = recipeHash([BUILD_ROOTFS], { release, ROOTFS_PACKAGES });
    const image = join(cacheDir(), 'vm', 'rootfs', `${release}-${hash}.img`);
    if (existsSync(image)) return image;
    await mkdir(join(cacheDir(), 'vm', 'rootfs'), { recursive: true });
    const t0 = performance.now();
    log(`building the ${release} guest root file system with debootstrap (once; cached as ${image})`);
    await runScript(BUILD_ROOTFS, [release, image, mirrorOrThrow(), ROOTFS_PACKAGES.join(',')], `building the ${release} guest root file system`);
    await pruneOlder(join(cacheDir(), 'vm', 'rootfs'), `${release}-`, `${release}-${hash}.img`);
    log(`${release} root file system built in ${seconds(performance.now() - t0, 1)}`);
    return image;
  })().catch((err: unknown) => {
    rootfsBuilds.delete(release);
    throw err;
  });
  rootfsBuilds.set(release, build);
  return build;
}
