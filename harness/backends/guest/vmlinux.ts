// A kernel that boots without decompressing itself. A bzImage carries the kernel compressed
// (xz in Debian's 6.1, zstd in 6.12): under TCG, decompressing it took most of a boot's first
// phase (about 5 s of 10 on an idle 2-core machine, more under load). QEMU boots the
// uncompressed ELF kernel directly through its PVH entry point (the Xen note
// XEN_ELFNOTE_PHYS32_ENTRY, there when the kernel has CONFIG_PVH, as Debian's do), the way
// virtme-ng and Firecracker boot their guests. So the payload is taken out of the bzImage once,
// decompressed here (natively, in about a second), and cached by the bzImage's content; a
// kernel without the note boots as before.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { cacheDir } from '../../exec/cache-dir.js';
import { bootFileHash } from './content-hash.js';
import { hasSetupHeader } from './kernel-image.js';

/** The decompressor for each payload format, by its first bytes. */
const DECOMPRESSORS: { magic: Buffer; argv: string[] }[] = [
  { magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), argv: ['xz', '-dc', '--single-stream'] },
  { magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), argv: ['zstd', '-dcq'] },
  { magic: Buffer.from([0x1f, 0x8b]), argv: ['gzip', '-dc'] },
  { magic: Buffer.from([0x02, 0x21, 0x4c, 0x18]), argv: ['lz4', '-dcq'] },
];

/** The compressed kernel inside a bzImage (boot protocol 2.08+: payload_offset/length in the setup header), or undefined. */
function bzImagePayload(bz: Buffer): Buffer | undefined {
  if (bz.length < 0x250 || !hasSetupHeader(bz) || bz.readUInt16LE(0x206) < 0x208) return undefined;
  const setupSects = bz[0x1f1] || 4;
  const start = (setupSects + 1) * 512 + bz.readUInt32LE(0x248);
  const end = start + bz.readUInt32LE(0x24c);
  return end <= bz.length ? bz.subarray(start, end) : undefined;
}

/** Whether an ELF64 kernel has the PVH entry note (Xen's note type 18), so that QEMU can boot it as it is. */
function hasPvhEntry(elf: Buffer): boolean {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  for (let i = 0; i < elf.readUInt16LE(0x38); i++) {
    const ph = phoff + i * phentsize;
    if (elf.readUInt32LE(ph) !== 4) continue; // PT_NOTE
    let at = Number(elf.readBigUInt64LE(ph + 8));
    const end = at + Number(elf.readBigUInt64LE(ph + 0x20));
    while (at + 12 <= end) {
      const [namesz, descsz, type] = [elf.readUInt32LE(at), elf.readUInt32LE(at + 4), elf.readUInt32LE(at + 8)];
      if (type === 18 && elf.toString('latin1', at + 12, at + 12 + namesz).startsWith('Xen')) return true;
      at += 12 + Math.ceil(namesz / 4) * 4 + Math.ceil(descsz / 4) * 4;
    }
  }
  return false;
}

/** The kernel's build appends the decompressed size (4 bytes) to every payload: the decompressors want it gone. */
/** The ELF kernel; 'unknown' for a payload of no format known here; undefined when its decompressor failed (missing?). */
async function decompress(payload: Buffer): Promise<Buffer | 'unknown' | undefined> {
  const d = DECOMPRESSORS.find((x) => payload.subarray(0, x.magic.length).equals(x.magic));
  if (!d || payload.length < 8) return 'unknown';
  const r = await execa(d.argv[0]!, d.argv.slice(1), { input: payload.subarray(0, -4), encoding: 'buffer', reject: false, maxBuffer: 1 << 30 });
  return r.exitCode === 0 ? Buffer.from(r.stdout) : undefined;
}

/**
 * The kernel to hand QEMU's -kernel: the uncompressed ELF of `vmlinuz` when it has a PVH entry
 * (made once, cached by content), else `vmlinuz` itself.
 */
export async function bootableKernel(vmlinuz: string): Promise<{ path: string; pvh: boolean }> {
  const dir = join(cacheDir(), 'vm', 'vmlinux');
  const base = join(dir, await bootFileHash([vmlinuz]));
  if (existsSync(`${base}.elf`)) return { path: `${base}.elf`, pvh: true };
  if (existsSync(`${base}.none`)) return { path: vmlinuz, pvh: false };
  await mkdir(dir, { recursive: true });
  const bz = await readFile(vmlinuz);
  const payload = bzImagePayload(bz);
  const elf = payload ? await decompress(payload) : 'unknown';
  if (elf === undefined) return { path: vmlinuz, pvh: false }; // not remembered: the next run tries again
  if (elf === 'unknown' || !hasPvhEntry(elf)) {
    await writeFile(`${base}.none`, 'no PVH entry: booted as a bzImage\n');
    return { path: vmlinuz, pvh: false };
  }
  const tmp = `${base}.tmp${process.pid}`;
  try {
    await writeFile(tmp, elf);
    await rename(tmp, `${base}.elf`);
  } finally {
    await rm(tmp, { force: true });
  }
  return { path: `${base}.elf`, pvh: true };
}
