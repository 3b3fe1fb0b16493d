// The kernel's own net selftests, for the tests that run them unmodified: Debian's
// linux-source-6.1 package is fetched once (`apt-get download`, from the machine's own apt
// sources) and only the files asked for are extracted from its tree into the cache, never
// committed (they are GPL-2.0 files of the kernel, each with its SPDX line). The .deb is removed
// once they are out.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { cacheDir } from '../harness/exec/cache-dir.js';

export const KERNEL_SOURCE_PACKAGE = 'linux-source-6.1';
const TREE = 'linux-source-6.1/tools/testing/selftests/net';

/** Where `files` (of tools/testing/selftests/net) are, and the package version they came from; or why they cannot be had here. */
export async function kernelNetSelftests(files: string[]): Promise<{ dir: string; version: string } | { why: string }> {
  const dir = join(cacheDir(), 'kernel-selftests', KERNEL_SOURCE_PACKAGE, 'net');
  const versionFile = join(dir, '.version');
  if (files.every((f) => existsSync(join(dir, f))) && existsSync(versionFile)) return { dir, version: (await readFile(versionFile, 'utf8')).trim() };
  const work = join(cacheDir(), 'kernel-selftests', 'download');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await mkdir(dir, { recursive: true });
  try {
    const got = await execa('apt-get', ['download', KERNEL_SOURCE_PACKAGE], { cwd: work, reject: false, all: true, timeout: 300_000 });
    const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
    if (got.exitCode !== 0 || !deb) return { why: `apt-get download ${KERNEL_SOURCE_PACKAGE} failed: ${got.all?.trim().split('\n').at(-1) ?? ''}` };
    const version = deb.split('_')[1]!.replace('%3a', ':');
    const members = files.map((f) => `${TREE}/${f}`);
    const script = 'dpkg-deb --fsys-tarfile "$1" | tar -xO ./usr/src/linux-source-6.1.tar.xz | tar -xJ -C "$2" --strip-components=5 "${@:3}"';
    const x = await execa('bash', ['-o', 'pipefail', '-c', script, 'extract', join(work, deb), dir, ...members], {
      reject: false,
      all: true,
      timeout: 300_000,
    });
    if (x.exitCode !== 0) return { why: `could not extract ${files.join(', ')} from ${deb}: ${x.all?.trim().split('\n').at(-1) ?? ''}` };
    await writeFile(versionFile, `${version}\n`);
    return { dir, version };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
