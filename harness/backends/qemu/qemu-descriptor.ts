// The qemu backend as the harness knows it before loading it (descriptor.ts; guest-descriptor.ts).
import { existsSync } from 'node:fs';
import { guestDescriptor } from '../guest/guest-descriptor.js';

export const qemu = guestDescriptor('qemu', {
  tools: { 'qemu-system-x86_64': 'qemu-system-x86' },
  note: () => `(--backend qemu; ${existsSync('/dev/kvm') ? 'KVM is used if a probe boot works, else TCG' : 'no /dev/kvm: TCG'})`,
  load: async () => (await import('./qemu-backend.js')).QemuBackend,
});
