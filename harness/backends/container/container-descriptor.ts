// The container backend as the harness knows it before loading it (descriptor.ts): a cell per
// Debian release x iptables flavour, on this machine's kernel.
import { DISTROS, type Distro } from '../debian-releases.js';
import { HOST_KERNEL_REFUSAL, listOf, type BackendDescriptor } from '../descriptor.js';
import { UsageError } from '../../errors.js';

export const IPTABLES_FLAVOURS = ['nft', 'legacy'] as const;
export type IptablesFlavour = (typeof IPTABLES_FLAVOURS)[number];

/** Capabilities granted by default; --privileged does not work everywhere (it needs CAP_SYS_RESOURCE). */
export const DEFAULT_CAPABILITIES = ['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW'];

export const container: BackendDescriptor = {
  name: 'container',
  takes: ['distro', 'iptables', 'caps', 'image'],
  refuses: [HOST_KERNEL_REFUSAL],
  tools: { docker: 'docker.io' },
  fromDebian: true,
  note: () => '(--backend container)',
  async load() {
    const { ContainerBackend } = await import('./container-backend.js');
    return (opts) => {
      const distros = listOf<Distro>('distro', opts.distro ?? 'bookworm', DISTROS);
      const flavours = listOf<IptablesFlavour>('iptables', opts.iptables ?? 'nft', IPTABLES_FLAVOURS);
      const caps = opts.caps ? opts.caps.split(',').map((c) => c.trim().toUpperCase()) : DEFAULT_CAPABILITIES;
      if (opts.image && distros.length > 1) throw new UsageError('--image names one image: give one --distro (the label of its release)');
      return distros.flatMap((d) => flavours.map((f) => ({ label: `${d}/${f}`, backend: new ContainerBackend(d, f, caps, opts.log, opts.image) })));
    };
  },
};
