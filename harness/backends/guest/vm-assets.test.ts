import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { parseKernel } from './vm-assets.js';

describe('parseKernel', () => {
  it('maps the short names to the suite whose newest kernel they mean', () => {
    expect(parseKernel('5.10')).toEqual({ name: '5.10', suite: 'bullseye', package: 'linux-image-amd64' });
    expect(parseKernel(' 6.12 ')).toEqual({ name: '6.12', suite: 'trixie', package: 'linux-image-amd64' });
    expect(parseKernel('sid').suite).toBe('sid');
  });

  it('takes a suite name, or one exact package of a suite', () => {
    expect(parseKernel('bookworm-backports')).toEqual({ name: 'bookworm-backports', suite: 'bookworm-backports', package: 'linux-image-amd64' });
    expect(parseKernel('linux-image-6.1.0-18-amd64@bookworm')).toEqual({ name: 'linux-image-6.1.0-18-amd64@bookworm', suite: 'bookworm', package: 'linux-image-6.1.0-18-amd64' });
  });

  it('refuses anything else with the choices', () => {
    expect(() => parseKernel('4.4')).toThrow(UsageError);
    expect(() => parseKernel('linux-image-6.1@')).toThrow(/5\.10, 6\.1, 6\.12, sid/);
  });
});
