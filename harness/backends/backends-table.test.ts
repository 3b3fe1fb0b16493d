// scripts/backends.txt is the descriptors' (setup.sh and action.yml read it), and setup.sh
// collects from it what the backends it is given need.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { backendsTable } from './backends-table.js';
import { BACKENDS, BACKEND_NAMES } from './choices.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FACT = /^(\S+) (command|file|package) /;

/** The facts setup.sh collects for `args`: what it reads of backends.txt, up to where it looks at this machine. */
async function setupFacts(args: string[]): Promise<string[]> {
  const text = readFileSync(`${ROOT}scripts/setup.sh`, 'utf8');
  const collected = text.slice(0, text.indexOf('PATH="$PATH:/usr/sbin:/sbin"'));
  const print = `for c in "\${!PACKAGE[@]}"; do echo "command $c \${PACKAGE[$c]}"; done
for f in "\${!FILE_PACKAGE[@]}"; do echo "file $f \${FILE_PACKAGE[$f]}"; done
for p in "\${DPKG[@]}"; do echo "package $p"; done`;
  const r = await execa('bash', ['-c', collected + print, `${ROOT}scripts/setup.sh`, ...args]);
  return r.stdout.split('\n');
}

/** The facts backends.txt gives `backend` that setup.sh acts on. */
const needsOf = (backend: string) =>
  backendsTable()
    .split('\n')
    .filter((l) => FACT.exec(l)?.[1] === backend)
    .map((l) => l.slice(backend.length + 1));

describe('scripts/backends.txt', () => {
  it('is what the descriptors say (a stale one fails here; -u rewrites it)', async () => {
    await expect(backendsTable()).toMatchFileSnapshot('../../scripts/backends.txt');
  });

  it('names every backend, each with the commands its check() requires', () => {
    for (const b of BACKENDS) for (const [command, pkg] of Object.entries(b.tools)) expect(needsOf(b.name)).toContain(`command ${command} ${pkg}`);
    expect(BACKEND_NAMES.filter((n) => !needsOf(n).length)).toEqual([]);
  });

  it('setup.sh collects what the backends it is given need, and only theirs', async () => {
    const netns = await setupFacts([]);
    expect(netns).toEqual(expect.arrayContaining(needsOf('netns')));
    expect(netns).not.toContain('command docker docker.io');
    const container = await setupFacts(['--backend', 'container']);
    expect(container).toEqual(expect.arrayContaining([...needsOf('netns'), ...needsOf('container')]));
    expect(container).not.toContain('package vagrant-libvirt');
    expect(await setupFacts(['--for-tests'])).toEqual(expect.arrayContaining(BACKEND_NAMES.flatMap(needsOf)));
  });
});
