// The Debian releases a sandbox's user space can come from: a container image (--backend
// container --distro) or a VM guest's root (--backend qemu --distro). One list for both.

export const DISTROS = ['bullseye', 'bookworm', 'trixie', 'sid'] as const;
export type Distro = (typeof DISTROS)[number];
