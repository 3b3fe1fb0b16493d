import { describe, expect, it } from 'vitest';
import { bootMarks, bootPhases } from './boot-phases.js';

// The console of a real 6.1 boot under trixie (marks only; the kernel is quiet).
const CONSOLE = `netrecipes-boot: initramfs 4.08
netrecipes-boot: root 6.07
netrecipes-boot: init 6.50
netrecipes-guest: agent on /dev/vport1p1 (6.1.0-50-amd64)
netrecipes-boot: agent 7.15
`;

describe('bootPhases', () => {
  it('places the guest marks on the host clock and sums to the whole boot', () => {
    const marks = bootMarks(CONSOLE);
    expect(marks).toEqual({ initramfs: 4080, root: 6070, init: 6500, agent: 7150 });
    // QEMU started at 1000; uptime 0 at 3000 (read 10 s of uptime at host 13000)
    const phases = bootPhases({ spawnedAt: 1000, answeredAt: 12_500, readyAt: 13_400 }, marks, { readAt: 13_000, uptimeMs: 10_000 });
    expect(phases.map((p) => [p.name.split(/[ ,]/)[0], Math.round(p.ms)])).toEqual([
      ['firmware', 2000],
      ['kernel', 4080],
      ['initramfs', 1990],
      ['guest', 1080],
      ['executor', 2350],
      ['modules', 900],
    ]);
    expect(phases.reduce((a, p) => a + p.ms, 0)).toBeCloseTo(12_400);
  });

  it('folds a phase whose mark is missing into the next one', () => {
    const phases = bootPhases({ spawnedAt: 0, answeredAt: 9000, readyAt: 9500 }, { agent: 6000 }, { readAt: 10_000, uptimeMs: 8000 });
    expect(phases.map((p) => p.name)).toEqual([
      'firmware, kernel load (and decompression of a bzImage)',
      'kernel init, initramfs (disk modules, mount root), guest init (switch_root, mounts)',
      'executor start (python, first answer)',
      'modules the recipes use',
    ]);
  });
});
