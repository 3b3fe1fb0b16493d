import { describe, expect, it } from 'vitest';
import { parseSize, sizeText } from './sizes.js';

describe('sizes', () => {
  it('reads what people write, in powers of 1024', () => {
    expect(parseSize('512MiB')).toBe(512 * 2 ** 20);
    expect(parseSize('2G')).toBe(2 * 2 ** 30);
    expect(parseSize('1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(parseSize('64m')).toBe(64 * 2 ** 20);
    expect(parseSize('512')).toBeUndefined();
    expect(parseSize('lots')).toBeUndefined();
  });
  it('says sizes as reports do', () => {
    expect(sizeText(2 ** 30)).toBe('1 GiB');
    expect(sizeText(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(sizeText(256 * 2 ** 20)).toBe('256 MiB');
  });
});
