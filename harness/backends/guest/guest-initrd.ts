// The initrd a guest boots with: the kernel's own (its disk modules, vm/fetch-kernel.sh) with a
// second cpio archive appended that brings our guest files: the initrd's /init, the guest's
// init and its agent (the resident executor). The kernel unpacks concatenated archives in
// order, a later file replacing an earlier one. So the root images (one per Debian release)
// hold nothing of ours and are not rebuilt when the init or the agent changes; this file is
// cached by the hash of what it is made of, a few MB, made in well under a second.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { cacheDir } from '../../exec/cache-dir.js';
import { EXECUTOR_FILE } from '../../exec/executor/program.js';
import { bootFileHash } from './content-hash.js';
import { VM_DIR } from './vm-assets.js';

/** Where each of our files goes in the initramfs: /init runs first, the rest is copied into the new root. */
const GUEST_FILES: Record<string, string> = {
  init: join(VM_DIR, 'guest/initrd-init.sh'),
  'netrecipes/init.sh': join(VM_DIR, 'guest/init.sh'),
  'netrecipes/executor.py': EXECUTOR_FILE,
};

/** The kernel's initrd padded with zeros to a 512-byte boundary (the kernel skips zeros between archives). */
function padded(initrd: Buffer): Buffer {
  return Buffer.concat([initrd, Buffer.alloc((512 - (initrd.length % 512)) % 512)]);
}

/** Our files as an uncompressed newc archive (nothing to decompress under TCG). */
async function guestArchive(): Promise<Buffer> {
  const dir = await mkdtemp(join(cacheDir(), 'vm', 'initrds', 'guest-'));
  try {
    for (const [to, from] of Object.entries(GUEST_FILES)) {
      await mkdir(join(dir, to, '..'), { recursive: true });
      await copyFile(from, join(dir, to));
    }
    const r = await execa('sh', ['-c', 'chmod 755 init netrecipes/init.sh && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0'], {
      cwd: dir,
      encoding: 'buffer',
      reject: false,
    });
    if (r.exitCode !== 0) throw new InfrastructureError(`cpio could not pack the guest files: ${Buffer.from(r.stderr).toString().trim()}`);
    return Buffer.from(r.stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The initrd to boot `kernelInitrd` with: made once per kernel initrd and guest files, then found in the cache. */
export async function guestInitrd(kernelInitrd: string): Promise<string> {
  // The files' content (remembered by their fingerprints: a kernel's initrd is tens of MB), and where each goes.
  const made = await bootFileHash([kernelInitrd, ...Object.values(GUEST_FILES)]);
  const name = createHash('sha256').update(made).update(Object.keys(GUEST_FILES).join('\0')).digest('hex').slice(0, 16);
  const file = join(cacheDir(), 'vm', 'initrds', `${name}.img`);
  if (existsSync(file)) return file;
  await mkdir(join(cacheDir(), 'vm', 'initrds'), { recursive: true });
  const tmp = `${file}.tmp${process.pid}`;
  await writeFile(tmp, Buffer.concat([padded(await readFile(kernelInitrd)), await guestArchive()]));
  await rename(tmp, file);
  return file;
}
