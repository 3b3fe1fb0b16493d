// The qemu backend: QEMU started directly (vm/qemu-watch.sh), one guest per kernel, TCG unless
// KVM really works. See guest/guest-backend.ts for what every VM backend shares.
import { GuestBackend, type BootRequest, type Guest, type GuestOptions } from '../guest/guest-backend.js';
import type { KernelSpec } from '../guest/vm-assets.js';
import { QemuVm } from './qemu-vm.js';

export class QemuBackend extends GuestBackend {
  constructor(kernel: KernelSpec, opts: GuestOptions = {}) {
    super('qemu', kernel, opts);
  }

  protected tools(): Record<string, string> {
    return { 'qemu-system-x86_64': 'qemu-system-x86' };
  }

  protected boot(req: BootRequest): Promise<Guest> {
    return QemuVm.boot(req);
  }
}
