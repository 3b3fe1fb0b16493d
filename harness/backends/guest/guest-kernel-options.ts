// What a kernel given to --kernel needs to boot as a netrecipes guest at all (virtio disks and
// console, an initrd, devtmpfs, #! scripts for the guest's init): checked on its config before
// it boots, so that a kernel built from defconfig fails at once with the options to turn on,
// not after a boot that never reaches the agent. The disk, file-system and console drivers may
// be modules when the kernel has modules (the initrd and the guest's init load them).
import { fixLine, type ConfigValue } from '../../text/kernel-config.js';

/** Options that may be modules when the kernel comes with its modules. */
const LOADABLE = ['CONFIG_VIRTIO', 'CONFIG_VIRTIO_PCI', 'CONFIG_VIRTIO_BLK', 'CONFIG_EXT4_FS', 'CONFIG_VIRTIO_CONSOLE'];
/** Options that must be built in. */
const BUILT_IN = ['CONFIG_BLK_DEV_INITRD', 'CONFIG_RD_GZIP', 'CONFIG_DEVTMPFS', 'CONFIG_TMPFS', 'CONFIG_BINFMT_SCRIPT', 'CONFIG_UNIX'];

/** Why a kernel with `options` cannot boot as a guest (with the fix), or undefined when it can. */
export function guestBootShortfall(options: Map<string, ConfigValue>, hasModules: boolean): string | undefined {
  const ok = (o: string, loadable: boolean) => options.get(o) === 'y' || (loadable && hasModules && options.get(o) === 'm');
  const missing = [...LOADABLE.filter((o) => !ok(o, true)), ...BUILT_IN.filter((o) => !ok(o, false))];
  if (!missing.length) return undefined;
  return `its config lacks ${missing.map((o) => `${o}${options.get(o) === 'm' ? ' built in (it is =m)' : ''}`).join(', ')}, which a guest needs to boot (virtio disks and console, an initrd); to build one that has them: ${fixLine(missing.map((option) => ({ option, want: 'y' })))}`;
}
