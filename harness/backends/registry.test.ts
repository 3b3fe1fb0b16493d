import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { backendCells, backendNamed } from './registry.js';

const labels = (name: string, opts = {}) => backendCells(name, opts).map((c) => [c.label, c.backend.name]);

describe('backendCells', () => {
  it('makes one cell for netns, one per release x flavour for containers, one per kernel x release for VMs', () => {
    expect(labels('netns')).toEqual([['', 'netns']]);
    expect(labels('container', { distro: 'bookworm,trixie', iptables: 'legacy' })).toEqual([
      ['bookworm/legacy', 'container:bookworm/legacy'],
      ['trixie/legacy', 'container:trixie/legacy'],
    ]);
    expect(labels('qemu', { kernel: '6.1,6.12', distro: 'trixie' })).toEqual([
      ['linux 6.1/trixie', 'qemu:6.1/trixie'],
      ['linux 6.12/trixie', 'qemu:6.12/trixie'],
    ]);
    expect(labels('vagrant')).toEqual([['linux 6.1', 'vagrant:6.1']]);
    expect(backendNamed('netns', { caps: 'NET_ADMIN' }).name).toBe('netns'); // --caps is ignored where nothing takes it
  });

  it('refuses an unknown backend, an option the backend refuses, and a bad value, as usage errors', () => {
    const refusal = (name: string, opts = {}) => {
      try {
        backendCells(name, opts);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      return 'made';
    };
    expect(refusal('nope')).toBe('unknown backend "nope" (known: netns, container, qemu, vagrant)');
    expect(refusal('container', { kernelModules: '/x' })).toMatch(/^--kernel and --kernel-modules go with --backend qemu or vagrant/);
    expect(refusal('netns', { image: 'x' })).toMatch(/^--distro goes with/);
    expect(refusal('vagrant', { iptables: 'nft' })).toMatch(/^--iptables and --image go with --backend container/);
    expect(refusal('container', { image: 'x', distro: 'bookworm,trixie' })).toBe('--image names one image: give one --distro (the label of its release)');
    expect(refusal('qemu', { distro: 'nope' })).toBe('--distro takes a comma-separated list of bullseye, bookworm, trixie, sid; not "nope"');
    expect(() => backendNamed('container', { iptables: 'nft,legacy' })).toThrow('give one --distro and one --iptables here');
  });
});
