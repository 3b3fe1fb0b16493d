// The names --backend takes (apart from the registry so that the CLI's help loads no backend).
export const BACKEND_NAMES = ['netns', 'container', 'qemu', 'vagrant'];
