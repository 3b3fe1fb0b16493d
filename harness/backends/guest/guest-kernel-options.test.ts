import { describe, expect, it } from 'vitest';
import { configOptions } from '../../text/kernel-config.js';
import { guestBootShortfall } from './guest-kernel-options.js';

const DEBIAN_LIKE = configOptions(
  [
    'VIRTIO_PCI=y',
    'VIRTIO_BLK=m',
    'EXT4_FS=m',
    'VIRTIO_CONSOLE=m',
    'BLK_DEV_INITRD=y',
    'RD_GZIP=y',
    'DEVTMPFS=y',
    'TMPFS=y',
    'BINFMT_SCRIPT=y',
    'UNIX=y',
    'VIRTIO=m',
  ]
    .map((l) => `CONFIG_${l}`)
    .join('\n'),
);

describe('whether a kernel can boot as a guest', () => {
  it('takes the disk and console drivers as modules when the kernel has its modules', () => {
    expect(guestBootShortfall(DEBIAN_LIKE, true)).toBeUndefined();
  });

  it('without modules they must be built in; says which and how', () => {
    expect(guestBootShortfall(DEBIAN_LIKE, false)).toBe(
      'its config lacks CONFIG_VIRTIO built in (it is =m), CONFIG_VIRTIO_BLK built in (it is =m), CONFIG_EXT4_FS built in (it is =m), CONFIG_VIRTIO_CONSOLE built in (it is =m), which a guest needs to boot (virtio disks and console, an initrd); ' +
        'to build one that has them: scripts/config --enable CONFIG_VIRTIO --enable CONFIG_VIRTIO_BLK --enable CONFIG_EXT4_FS --enable CONFIG_VIRTIO_CONSOLE && make olddefconfig',
    );
    const noInitrd = new Map(DEBIAN_LIKE);
    noInitrd.delete('CONFIG_BLK_DEV_INITRD');
    expect(guestBootShortfall(noInitrd, true)).toMatch(/lacks CONFIG_BLK_DEV_INITRD, /);
  });
});
