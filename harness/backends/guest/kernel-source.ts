// Where a kernel's files are, whatever the user gave --kernel: the image to boot, its release
// (uname -r), its module tree (lib/modules/<release>) and its config, and where they came from,
// for the report. A Debian kernel's packages and a .deb are unpacked (dpkg-deb -x) into a
// temporary folder; an image file finds its modules and config beside it (as /boot and
// /lib/modules sit in an unpacked package) or from --kernel-modules; a build directory gives
// arch/x86/boot/bzImage, .config, and modules installed into it (make modules_install
// INSTALL_MOD_PATH=DIR) or else straight from the build (modules.order).
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../../errors.js';
import { imageRelease } from './kernel-image.js';
import type { KernelPath } from './kernel-spec.js';

export interface KernelFiles {
  vmlinuz: string;
  release: string;
  /** The lib/modules/<release> folder; absent for a kernel whose features are all built in. */
  modules?: string;
  /** Where the modules came from, when `modules` is a temporary folder (or made by `materialize`). */
  modulesFrom?: string;
  /** Makes `modules` (a build's, copied into an installed tree): only when boot files are made, not for a cached kernel. */
  materialize?(): Promise<void>;
  config?: string;
  /** What the report says it came from: "image /src/bzImage", "deb /x/linux-image-....deb". */
  origin: string;
  /** The files whose content names the kernel in the cache (never their names). */
  content: string[];
  /** Removes what was unpacked for it. */
  cleanup(): Promise<void>;
}

const nothing = async () => {};
const firstThere = (paths: string[]) => paths.find((p) => existsSync(p));
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** A linux-image .deb: an ar archive holding debian-binary. */
export async function isDeb(file: string): Promise<boolean> {
  if (file.endsWith('.deb')) return true;
  const head = await readFile(file)
    .then((b) => b.subarray(0, 72).toString('latin1'))
    .catch(() => '');
  return head.startsWith('!<arch>\n') && head.includes('debian-binary');
}

/** The lib/modules/<release> folder for `release` under `root` (usr/lib/modules on a merged-/usr tree). */
function modulesUnder(root: string, release: string): string | undefined {
  return firstThere([join(root, 'lib/modules', release), join(root, 'usr/lib/modules', release)]);
}

/** --kernel-modules DIR: the release's folder itself, or a folder holding lib/modules/<release>. */
function givenModules(dir: string, release: string): string {
  if (existsSync(join(dir, 'modules.order')) || existsSync(join(dir, 'modules.dep')) || isDir(join(dir, 'kernel'))) {
    if (basename(dir) !== release && /^\d+\.\d+/.test(basename(dir)))
      throw new UsageError(`--kernel-modules ${dir} holds the modules of ${basename(dir)}, but the kernel is ${release}`);
    return dir;
  }
  const found = modulesUnder(dir, release);
  if (!found) throw new UsageError(`--kernel-modules ${dir}: no lib/modules/${release} there (the modules of the kernel given), nor modules.order`);
  return found;
}

/** The kernel inside an unpacked package tree (boot/vmlinuz-R or lib/modules/R/vmlinuz, boot/config-R). */
async function inTree(root: string, origin: string, content: string[], cleanup: () => Promise<void>): Promise<KernelFiles> {
  const base = firstThere([join(root, 'lib/modules'), join(root, 'usr/lib/modules')]);
  const releases = base ? (await readdir(base)).filter((r) => isDir(join(base, r))) : [];
  if (releases.length !== 1)
    throw new UsageError(`${origin}: expected the modules of one kernel under lib/modules, found ${releases.length ? releases.join(', ') : 'none'}`);
  const release = releases[0]!;
  const modules = join(base!, release);
  const vmlinuz = firstThere([join(root, 'boot', `vmlinuz-${release}`), join(modules, 'vmlinuz')]);
  if (!vmlinuz)
    throw new UsageError(
      `${origin}: no boot/vmlinuz-${release} in it (a linux-image package holds one; newer kernels split it into linux-binary-*: give that .deb's kernel as an image path)`,
    );
  return { vmlinuz, release, modules, config: firstThere([join(root, 'boot', `config-${release}`)]), origin, content, cleanup };
}

/** Unpacks .deb files into one temporary tree (dpkg-deb -x, never installed). */
export async function unpackDebs(debs: string[], origin: string): Promise<KernelFiles> {
  const root = await mkdtemp(join(tmpdir(), 'netrecipes-kernel-'));
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    for (const deb of debs) {
      const r = await execa('dpkg-deb', ['-x', deb, root], { reject: false });
      if (r.exitCode !== 0) throw new UsageError(`${origin}: dpkg-deb -x ${deb} failed: ${String(r.stderr).trim()}`);
    }
    return await inTree(root, origin, debs, cleanup);
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** An image file: its release from its header; modules and config beside it or given. */
async function fromImage(spec: KernelPath): Promise<KernelFiles> {
  const release = await imageRelease(spec.path);
  if (!release) throw new UsageError(`--kernel ${spec.name}: not an x86 kernel image (bzImage/vmlinuz), a build directory or a .deb`);
  const dir = dirname(spec.path);
  const modules = spec.modules ? givenModules(spec.modules, release) : (modulesUnder(dir, release) ?? modulesUnder(dirname(dir), release));
  const config = firstThere([join(dir, `config-${release}`), join(dir, '.config'), join(dirname(dir), 'boot', `config-${release}`)]);
  return { vmlinuz: spec.path, release, modules, config, origin: `image ${spec.path}`, content: [spec.path, ...(config ? [config] : [])], cleanup: nothing };
}

/** modules.order names each module of a build (x.o since 6.2, kernel/x.ko before): the .ko's path in the tree. */
const builtModule = (line: string) =>
  line
    .trim()
    .replace(/^kernel\//, '')
    .replace(/\.o$/, '.ko');

/** The .ko files a build's modules.order lists, relative to the build; says which are not built yet. */
async function builtModules(dir: string): Promise<string[]> {
  const listed = (await readFile(join(dir, 'modules.order'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map(builtModule);
  const missing = listed.filter((rel) => !existsSync(join(dir, rel)));
  if (missing.length)
    throw new UsageError(`--kernel ${dir}: modules.order lists modules not built yet (${missing.slice(0, 3).join(', ')}...): run make modules`);
  return listed;
}

const BUILT_EXTRAS = ['modules.builtin', 'modules.builtin.modinfo'];

/** The listed modules of a build as an installed tree (what modules_install would make, before depmod), in a temporary folder. */
async function installBuilt(dir: string, release: string, listed: string[]): Promise<{ modules: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'netrecipes-kmods-'));
  const modules = join(root, release);
  for (const rel of listed) {
    await mkdir(join(modules, 'kernel', dirname(rel)), { recursive: true });
    await copyFile(join(dir, rel), join(modules, 'kernel', rel));
  }
  for (const f of BUILT_EXTRAS) if (existsSync(join(dir, f))) await copyFile(join(dir, f), join(modules, f));
  await writeFile(join(modules, 'modules.order'), listed.map((rel) => `kernel/${rel}\n`).join(''));
  return { modules, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A kernel build directory. */
async function fromBuild(spec: KernelPath): Promise<KernelFiles> {
  const dir = spec.path;
  const vmlinuz = join(dir, 'arch/x86/boot/bzImage');
  if (!existsSync(vmlinuz))
    throw new UsageError(
      `--kernel ${spec.name}: a folder must be a kernel build directory, and it has no arch/x86/boot/bzImage (run make bzImage, or give the image file)`,
    );
  const releaseFile = join(dir, 'include/config/kernel.release');
  const release = existsSync(releaseFile) ? (await readFile(releaseFile, 'utf8')).trim() : await imageRelease(vmlinuz);
  if (!release) throw new UsageError(`--kernel ${spec.name}: cannot tell the kernel's release (no include/config/kernel.release)`);
  const config = firstThere([join(dir, '.config')]);
  const own = [vmlinuz, ...(config ? [config] : [])];
  const installed = spec.modules ? givenModules(spec.modules, release) : modulesUnder(dir, release);
  if (installed || !existsSync(join(dir, 'modules.order')))
    return { vmlinuz, release, config, origin: `build ${dir}`, modules: installed, content: own, cleanup: nothing };
  // Straight from the build: hashed where they are, copied into a tree only when boot files are made.
  const listed = await builtModules(dir);
  const files: KernelFiles = {
    vmlinuz,
    release,
    config,
    origin: `build ${dir}`,
    modulesFrom: `${dir}/modules.order`,
    content: [...own, ...listed.map((rel) => join(dir, rel)), ...BUILT_EXTRAS.map((f) => join(dir, f)).filter((f) => existsSync(f))],
    cleanup: nothing,
    async materialize() {
      const built = await installBuilt(dir, release, listed);
      files.modules = built.modules;
      files.cleanup = built.cleanup;
    },
  };
  return files;
}

/** The files of a kernel given by the path of an image file or a build directory (a .deb: unpackDebs). */
export function kernelAtPath(spec: KernelPath): Promise<KernelFiles> {
  return isDir(spec.path) ? fromBuild(spec) : fromImage(spec);
}
