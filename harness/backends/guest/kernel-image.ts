// What an x86 kernel image (bzImage, Debian's vmlinuz) says of itself before it boots: its
// release, from the version string the boot protocol's setup header points at (offset 0x20e,
// relative to 0x200; "6.1.0-28-amd64 (debian-kernel@...) #1 SMP ..."), so that a kernel file is
// named by its `uname -r` and matched with its modules without booting it.
import { open } from 'node:fs/promises';

/** Whether `head` (the file's first bytes) carries the x86 boot protocol's setup header, "HdrS" at 0x202. */
export const hasSetupHeader = (head: Buffer): boolean => head.length >= 0x206 && head.toString('latin1', 0x202, 0x206) === 'HdrS';

/** The image's release, or undefined when the file is no x86 boot image. */
export async function imageRelease(file: string): Promise<string | undefined> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(0x210);
    await fh.read(head, 0, head.length, 0);
    if (!hasSetupHeader(head)) return undefined;
    const at = head.readUInt16LE(0x20e) + 0x200;
    const text = Buffer.alloc(256);
    const { bytesRead } = await fh.read(text, 0, text.length, at);
    const release = text.toString('latin1', 0, bytesRead).split(/[\s\0]/)[0];
    return release && /^\d+\.\d+/.test(release) ? release : undefined;
  } finally {
    await fh.close();
  }
}
