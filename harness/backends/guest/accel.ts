// KVM only when it really works: /dev/kvm can exist while guests hang (seen on the machines this
// was built on). A probe boot of the kernel alone, with no root file system, must panic and
// power off within a few seconds under KVM; otherwise the guests run under TCG.
// NETRECIPES_ACCEL=kvm|tcg skips the probe.
import { existsSync } from 'node:fs';
import { execa } from 'execa';

export type Accel = 'kvm' | 'tcg';

const PROBE_TIMEOUT_MS = 8000;
let chosen: Promise<{ accel: Accel; why: string }> | undefined;

/** A QEMU without default devices, a screen, reboots or a network: the probe and every guest. */
export const BARE_QEMU = ['-nodefaults', '-display', 'none', '-no-reboot', '-nic', 'none'];

async function probe(vmlinuz: string): Promise<{ accel: Accel; why: string }> {
  const forced = process.env.NETRECIPES_ACCEL;
  if (forced === 'kvm' || forced === 'tcg') return { accel: forced, why: 'NETRECIPES_ACCEL' };
  if (!existsSync('/dev/kvm')) return { accel: 'tcg', why: 'no /dev/kvm' };
  const t0 = performance.now();
  const r = await execa(
    'qemu-system-x86_64',
    ['-machine', 'q35,accel=kvm', '-cpu', 'host', '-m', '256', ...BARE_QEMU, '-kernel', vmlinuz, '-append', 'panic=-1 quiet', '-serial', 'none'],
    { reject: false, timeout: PROBE_TIMEOUT_MS, stdin: 'ignore' },
  );
  const ms = Math.round(performance.now() - t0);
  if (r.exitCode === 0 && !r.timedOut) return { accel: 'kvm', why: `probe boot ended in ${ms} ms` };
  return { accel: 'tcg', why: r.timedOut ? `a KVM probe boot hung (${PROBE_TIMEOUT_MS} ms)` : `KVM unusable: ${String(r.stderr).trim().split('\n')[0]}` };
}

/** KVM or TCG for this run, decided once. */
export function chooseAccel(vmlinuz: string): Promise<{ accel: Accel; why: string }> {
  return (chosen ??= probe(vmlinuz));
}
