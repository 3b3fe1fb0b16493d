import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_PACKAGED, PACKAGE_OF, SANDBOX_IMAGE_PACKAGES, installHint, installHints } from './debian-packages.js';

/** Package -> the commands it ships, from the packages themselves (test/fixtures/debian-commands.txt). */
const SHIPPED = new Map(
  readFileSync(new URL('../../test/fixtures/debian-commands.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [head, commands = ''] = l.split(': ');
      return [head!.split(' ')[0]!, new Set(commands.split(' '))] as const;
    }),
);
/** Installed for the command by a package it depends on: python3 pre-depends on python3-minimal, which ships /usr/bin/python3. */
const THROUGH_DEPENDENCY: Record<string, string> = { python3: 'python3-minimal' };

describe('the Debian package of each command', () => {
  it('names, for every command it knows, a package that ships that command', () => {
    const wrong = Object.entries(PACKAGE_OF).filter(([cmd, pkg]) => !SHIPPED.get(THROUGH_DEPENDENCY[cmd] ?? pkg)?.has(cmd));
    expect(wrong).toEqual([]);
    // and that no package checked ships a command said to be in none
    expect(Object.keys(NOT_PACKAGED).filter((cmd) => [...SHIPPED.values()].some((cmds) => cmds.has(cmd)))).toEqual([]);
  });
  it('knows wg (wireguard-tools) and sudo (sudo)', () => {
    expect(installHint('wg')).toBe('apt-get install -y wireguard-tools');
    expect(installHint('sudo')).toBe('apt-get install -y sudo');
  });
  it('knows the commands the kernel selftests call (uuidgen, traceroute6), and says when no package provides one', () => {
    expect(installHint('uuidgen')).toBe('apt-get install -y uuid-runtime');
    expect(installHint('traceroute6')).toBe('apt-get install -y traceroute');
    expect(installHint('nettest')).toBe(
      "no Debian package provides nettest: it is built from the kernel's tools/testing/selftests/net/nettest.c (a kselftest step builds it: helpers: [nettest])",
    );
    expect(installHints(['brctl', 'nettest', 'frobctl', 'uuidgen'])).toEqual([
      'apt-get install -y bridge-utils uuid-runtime',
      "no Debian package provides nettest: it is built from the kernel's tools/testing/selftests/net/nettest.c (a kselftest step builds it: helpers: [nettest])",
      'no Debian package netrecipes knows provides frobctl',
    ]);
  });
  it('lists only packages that exist among those checked for the images', () => {
    expect(SANDBOX_IMAGE_PACKAGES.filter((p) => !SHIPPED.has(p))).toEqual([]);
  });
});
