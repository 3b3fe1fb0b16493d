// Where a guest's boot time goes: boots a kernel under a Debian release's user space a few
// times and prints each phase's minimum and median (boot-phases.ts), and the whole boot's.
// Used by `npm run bench`; alone: `npx tsx bench/boot-time.ts [KERNEL] [DISTRO] [BOOTS]`.
import type { Accel } from '../harness/backends/guest/accel.js';
import type { Distro } from '../harness/backends/debian-releases.js';
import { parseKernel } from '../harness/backends/guest/vm-assets.js';
import { QemuBackend } from '../harness/backends/qemu/qemu-backend.js';
import type { BootPhase } from '../harness/backends/guest/boot-phases.js';
import { median } from './median.js';

export interface BootTimes {
  /** Whole boots, QEMU start to ready, in ms. */
  totals: number[];
  /** Each boot's phases. */
  phases: BootPhase[][];
  accel: Accel | undefined;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Boots `kernel` under `distro` `boots` times, one after another (the kernel and root image are made first, untimed). */
export async function bootTimes(kernel: string, distro: Distro, boots: number, opts: { accel?: Accel; bzImage?: boolean } = {}): Promise<BootTimes> {
  const out: BootTimes = { totals: [], phases: [], accel: opts.accel };
  for (let i = 0; i < boots; i++) {
    const b = new QemuBackend(parseKernel(kernel), { distro, ...opts });
    if (i === 0) await b.prepare().then(() => b.close()); // fetch, build and probe outside the timings
    const t0 = performance.now();
    await b.prepare();
    out.totals.push(performance.now() - t0);
    out.phases.push(b.bootPhases);
    out.accel = b.accel;
    await b.close();
  }
  return out;
}

/** The lines the bench prints: the whole boot's min/median, then each phase's. */
export function bootTimeLines(kernel: string, distro: string, t: BootTimes, entry = 'pvh vmlinux'): string[] {
  const lines = [
    `qemu ${kernel} under ${distro} (${t.accel}, ${entry}): boot min ${secs(Math.min(...t.totals))}, median ${secs(median(t.totals))} over ${t.totals.length} boots (target < 6 s under TCG)`,
  ];
  for (const [i, p] of (t.phases[0] ?? []).entries()) {
    const ms = t.phases.map((ph) => ph[i]?.ms ?? 0);
    lines.push(`  ${p.name.padEnd(54)} min ${secs(Math.min(...ms))}, median ${secs(median(ms))}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kernel = '6.1', distro = 'bookworm', boots = '5', entry = 'pvh'] = process.argv.slice(2);
  const t = await bootTimes(kernel, distro as Distro, Number(boots), { bzImage: entry === 'bzImage' });
  console.log(bootTimeLines(kernel, distro, t, entry === 'bzImage' ? 'bzImage' : 'pvh vmlinux').join('\n'));
}
