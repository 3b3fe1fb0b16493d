// Where a guest's boot time goes. The guest marks its stages on the serial console with its own
// uptime ("netrecipes-boot: init 1.234", vm/guest/*.sh); the harness knows when it started QEMU,
// when the agent first answered and when the guest was ready, and reads the guest's uptime once
// at ready to place the guest's clock on its own. Uptime starts when the kernel's timekeeping
// does, after the firmware, the loading of the kernel and its early set-up (and, for a bzImage,
// its decompression): what lies before it is one phase.

/** Host clock (performance.now()) at the moments the harness sees. */
export interface BootTimeline {
  /** QEMU (or `vagrant up`) started. */
  spawnedAt: number;
  /** The agent answered its first ping. */
  answeredAt: number;
  /** The guest's init had loaded the recipes' modules. */
  readyAt: number;
}

/** One phase of a boot and how long it took, in ms. */
export interface BootPhase {
  name: string;
  ms: number;
}

const MARK = /^netrecipes-boot: (\S+) (\d+(?:\.\d+)?)\s*$/gm;

/** The marks the guest wrote on its console: stage name -> guest uptime in ms. */
export function bootMarks(console: string): Record<string, number> {
  const marks: Record<string, number> = {};
  for (const m of console.matchAll(MARK)) marks[m[1]!] ??= Number(m[2]) * 1000;
  return marks;
}

/** The guest's uptime in ms as the line `cat /proc/uptime` printed. */
export const uptimeMs = (procUptime: string): number => Number(procUptime.trim().split(/\s+/)[0]) * 1000;

/**
 * The phases of one boot, in order; their sum is the whole boot (spawn to ready). `uptimeAt` is
 * the guest's uptime read at host time `readAt`. A mark the guest did not write (an older
 * guest) folds its phase into the next one.
 */
export function bootPhases(t: BootTimeline, marks: Record<string, number>, uptimeAt: { readAt: number; uptimeMs: number }): BootPhase[] {
  const uptimeZero = uptimeAt.readAt - uptimeAt.uptimeMs; // host time when the guest's uptime was 0
  const stages: [string, number | undefined][] = [
    ['firmware, kernel load (and decompression of a bzImage)', uptimeZero],
    ['kernel init', marks.initramfs === undefined ? undefined : uptimeZero + marks.initramfs],
    ['initramfs (disk modules, mount root)', marks.root === undefined ? undefined : uptimeZero + marks.root],
    ['guest init (switch_root, mounts)', marks.agent === undefined ? undefined : uptimeZero + marks.agent],
    ['executor start (python, first answer)', t.answeredAt],
    ['modules the recipes use', t.readyAt],
  ];
  const phases: BootPhase[] = [];
  let from = t.spawnedAt;
  let pending = '';
  for (const [name, at] of stages) {
    if (at === undefined) {
      pending = pending ? `${pending}, ${name}` : name;
      continue;
    }
    phases.push({ name: pending ? `${pending}, ${name}` : name, ms: Math.max(0, at - from) });
    pending = '';
    from = Math.max(from, at);
  }
  return phases;
}

/** "firmware 1.2 s · kernel init 2.0 s · ..." */
export function phasesLine(phases: BootPhase[]): string {
  return phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(2)} s`).join(' · ');
}
