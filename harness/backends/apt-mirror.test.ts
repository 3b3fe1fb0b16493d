import { afterEach, describe, expect, it } from 'vitest';
import { InfrastructureError } from '../errors.js';
import { aptMirror, isDebian, requireAptMirror } from './apt-mirror.js';

describe('the Debian mirror', () => {
  const saved = process.env.NETRECIPES_DEBIAN_MIRROR;
  afterEach(() => {
    if (saved === undefined) delete process.env.NETRECIPES_DEBIAN_MIRROR;
    else process.env.NETRECIPES_DEBIAN_MIRROR = saved;
  });

  it('tells Debian from Ubuntu (whose ID_LIKE is debian)', () => {
    expect(isDebian('PRETTY_NAME="Debian GNU/Linux 12"\nID=debian\n')).toBe(true);
    expect(isDebian('ID=ubuntu\nID_LIKE=debian\n')).toBe(false);
  });

  it('takes NETRECIPES_DEBIAN_MIRROR first, and otherwise errors naming it', () => {
    process.env.NETRECIPES_DEBIAN_MIRROR = 'http://mirror.invalid/debian';
    expect(aptMirror()).toBe('http://mirror.invalid/debian');
    delete process.env.NETRECIPES_DEBIAN_MIRROR;
    let err: unknown;
    try {
      requireAptMirror('building container images');
    } catch (e) {
      err = e;
    }
    // On a Debian machine apt's own mirror answers; elsewhere the error names the variable.
    if (err) {
      expect(err).toBeInstanceOf(InfrastructureError);
      expect((err as Error).message).toContain('NETRECIPES_DEBIAN_MIRROR');
    } else expect(isDebian()).toBe(true);
  });
});
