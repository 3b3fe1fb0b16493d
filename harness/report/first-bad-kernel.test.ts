import { describe, expect, it } from 'vitest';
import { firstBadKernels, kernelMatches, type KernelOutcome } from './first-bad-kernel.js';

const run = (scenario: string, kernel: string, outcome: string, userspace = 'qemu · trixie · nft'): KernelOutcome => ({ scenario, kernel, outcome, userspace });

describe('firstBadKernels', () => {
  it('matches a kernel by release or a prefix ending at a dot, dash or plus', () => {
    expect(kernelMatches('6.1', '6.1.0-50-amd64')).toBe(true);
    expect(kernelMatches('6.1', '6.12.117+deb13-amd64')).toBe(false);
    expect(kernelMatches('6.12.117+deb13-amd64', '6.12.117+deb13-amd64')).toBe(true);
  });

  it('counts repeated runs of a kernel as one: failing if any failed', () => {
    const runs = [run('e', '6.1.0-50-amd64', 'pass'), run('e', '6.1.0-50-amd64', 'pass'), run('e', '6.12.1-amd64', 'fail'), run('e', '6.12.1-amd64', 'pass')];
    expect(firstBadKernels(runs, ['6.1', '6.12']).map((f) => [f.kernel, f.lastGood])).toEqual([['6.12.1-amd64', '6.1.0-50-amd64']]);
  });

  it('names the first kernel that fails after a pass, per scenario and user space, passing over kernels without a result', () => {
    const found = firstBadKernels(
      [
        run('a', '6.12.117+deb13-amd64', 'fail'),
        run('a', '5.10.0-32-amd64', 'pass'),
        run('a', '7.2.13+deb14-amd64', 'fail'),
        run('b', '5.10.0-32-amd64', 'fail'), // never passed: no regression
        run('b', '6.1.0-50-amd64', 'fail'),
        run('c', '6.1.0-50-amd64', 'pass'),
        run('c', '7.2.13+deb14-amd64', 'error'),
        run('c', '6.1.0-50-amd64', 'pass', 'qemu · bookworm · nft'),
        run('c', '7.2.13+deb14-amd64', 'pass', 'qemu · bookworm · nft'),
        run('d', '4.19.0-1-amd64', 'fail'), // not in the order
      ],
      ['5.10', '6.1', '6.12', '7.2'],
    );
    expect(found).toEqual([
      { scenario: 'a', userspace: 'qemu · trixie · nft', kernel: '6.12.117+deb13-amd64', outcome: 'fail', lastGood: '5.10.0-32-amd64' },
      { scenario: 'c', userspace: 'qemu · trixie · nft', kernel: '7.2.13+deb14-amd64', outcome: 'error', lastGood: '6.1.0-50-amd64' },
    ]);
  });
});
