import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { parseKernel, parseKernels } from './kernel-spec.js';

describe('parseKernel', () => {
  it('maps the short names to the suite whose newest kernel they mean', () => {
    expect(parseKernel('5.10')).toEqual({ kind: 'debian', name: '5.10', suite: 'bullseye', package: 'linux-image-amd64' });
    expect(parseKernel(' 6.12 ')).toEqual({ kind: 'debian', name: '6.12', suite: 'trixie', package: 'linux-image-amd64' });
    expect(parseKernel('sid')).toMatchObject({ suite: 'sid' });
  });

  it('takes a suite name, or one exact package of a suite', () => {
    expect(parseKernel('bookworm-backports')).toEqual({
      kind: 'debian',
      name: 'bookworm-backports',
      suite: 'bookworm-backports',
      package: 'linux-image-amd64',
    });
    expect(parseKernel('linux-image-6.1.0-18-amd64@bookworm')).toEqual({
      kind: 'debian',
      name: 'linux-image-6.1.0-18-amd64@bookworm',
      suite: 'bookworm',
      package: 'linux-image-6.1.0-18-amd64',
    });
  });

  it('takes a path: a file, a folder or a .deb, made absolute; a missing one is named', () => {
    expect(parseKernel('/boot')).toEqual({ kind: 'path', name: '/boot', path: '/boot' });
    expect(() => parseKernel('./no-such-bzImage')).toThrow(/no such file or folder "\.\/no-such-bzImage"/);
    expect(() => parseKernels('6.1,/boot', '/no/modules')).toThrow(/--kernel-modules: no such folder/);
    expect(() => parseKernels('6.1', '/boot')).toThrow(/exactly one kernel path/);
    expect(parseKernels('6.1,/boot').map((k) => k.kind)).toEqual(['debian', 'path']);
  });

  it('refuses anything else with the choices', () => {
    expect(() => parseKernel('4.4')).toThrow(UsageError);
    expect(() => parseKernel('linux-image-6.1@')).toThrow(/5\.10, 6\.1, 6\.12, sid/);
  });
});
