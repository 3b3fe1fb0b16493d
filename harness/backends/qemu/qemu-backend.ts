// The qemu backend: QEMU started directly (vm/qemu-watch.sh), one guest per kernel, TCG unless
// KVM really works. See guest/guest-backend.ts for what every VM backend shares.
import { GuestBackend, type BootRequest, type Guest, type GuestOptions } from '../guest/guest-backend.js';
import type { KernelSpec } from '../guest/vm-assets.js';
import { qemu } from './qemu-descriptor.js';
import { QemuVm } from './qemu-vm.js';

export class QemuBackend extends GuestBackend {
  constructor(kernel: KernelSpec, opts: GuestOptions = {}) {
    super(qemu, kernel, opts);
  }

  protected boot(req: BootRequest): Promise<Guest> {
    return QemuVm.boot(req);
  }
}
