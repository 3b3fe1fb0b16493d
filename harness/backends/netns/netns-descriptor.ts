// The netns backend as the harness knows it before loading it (descriptor.ts): the default, on
// this machine's kernel, with no options.
import { HOST_KERNEL_REFUSAL, type BackendDescriptor } from '../descriptor.js';

export const netns: BackendDescriptor = {
  name: 'netns',
  takes: [],
  refuses: [HOST_KERNEL_REFUSAL, { options: ['distro', 'iptables', 'image'] }],
  tools: { unshare: 'util-linux', nsenter: 'util-linux', setpriv: 'util-linux', ip: 'iproute2', tar: 'tar', mount: 'mount', python3: 'python3' },
  note: () => '(the default)',
  async load() {
    const { NetnsBackend } = await import('./netns-backend.js');
    return () => [{ label: '', backend: new NetnsBackend() }];
  },
};
