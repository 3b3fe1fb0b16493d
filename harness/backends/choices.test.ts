import { describe, expect, it } from 'vitest';
import { BACKENDS, BACKEND_NAMES, DEFAULT_BACKEND, backendsTaking, flagOf, isVmBackend, refusalMessage } from './choices.js';

describe('the backends list', () => {
  it('names each backend once, the default first', () => {
    expect(new Set(BACKEND_NAMES).size).toBe(BACKENDS.length);
    expect(DEFAULT_BACKEND).toBe('netns');
  });

  it('has every option a backend refuses taken by another, and none both taken and refused', () => {
    for (const b of BACKENDS) {
      const refused = b.refuses.flatMap((r) => r.options);
      expect(
        refused.filter((o) => b.takes.includes(o)),
        b.name,
      ).toEqual([]);
      expect(
        refused.filter((o) => !BACKENDS.some((other) => other.takes.includes(o))),
        b.name,
      ).toEqual([]);
    }
  });

  it("says which backends take an option, and which run in a VM guest (also by a cell's name)", () => {
    expect(flagOf('kernelModules')).toBe('--kernel-modules');
    expect(backendsTaking('kernel')).toBe('qemu and vagrant backends');
    expect(backendsTaking('iptables')).toBe('container backend');
    expect(backendsTaking('distro')).toBe('container, qemu and vagrant backends');
    expect(BACKEND_NAMES.filter(isVmBackend)).toEqual(['qemu', 'vagrant']);
    expect(isVmBackend('qemu:6.1/trixie')).toBe(true);
  });

  it('words a refusal by the backends that take what it refuses', () => {
    const [netns, , qemu] = BACKENDS;
    expect(netns!.refuses.map(refusalMessage)).toEqual([
      "--kernel and --kernel-modules go with --backend qemu or vagrant (containers share this machine's kernel)",
      '--distro goes with --backend container, qemu or vagrant; --iptables and --image with --backend container',
    ]);
    expect(qemu!.refuses.map(refusalMessage)).toEqual([
      '--iptables and --image go with --backend container (a guest has both iptables flavours; a scenario picks one)',
    ]);
  });
});
