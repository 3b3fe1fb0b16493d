// The vagrant backend as the harness knows it before loading it (descriptor.ts; guest-descriptor.ts).
import { guestDescriptor } from '../guest/guest-descriptor.js';

export const vagrant = guestDescriptor('vagrant', {
  tools: {
    vagrant: 'vagrant',
    virsh: 'libvirt-clients',
    libvirtd: 'libvirt-daemon-system',
    virtlogd: 'libvirt-daemon-system',
    'qemu-img': 'qemu-utils',
    'qemu-system-x86_64': 'qemu-system-x86',
    unshare: 'util-linux',
    nsenter: 'util-linux',
  },
  packages: ['vagrant-libvirt'],
  note: () => '(--backend vagrant; needs the vagrant-libvirt plug-in)',
  load: async () => (await import('./vagrant-backend.js')).VagrantBackend,
});
