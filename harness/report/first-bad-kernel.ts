// A bisection view of a merged matrix: given kernels in order (oldest first), the first kernel
// on which a scenario fails after passing on the kernel before it, per scenario and per user
// space (backend, distro, iptables flavour), the way a kernel developer reads a regression.
import { isFailure } from './summary.js';
import { mdText } from '../text/markdown-text.js';

/** A scenario's outcome on one kernel under one user space, as report merge reads it from JUnit. */
export interface KernelOutcome {
  scenario: string;
  /** uname -r of the kernel it ran on. */
  kernel: string;
  /** Everything else of its column: "qemu · trixie · nft". */
  userspace: string;
  outcome: string;
}

export interface FirstBadKernel {
  scenario: string;
  userspace: string;
  /** The kernel (as `uname -r` said) where it first fails, and its outcome there. */
  kernel: string;
  outcome: string;
  /** The kernel before it in the order, where it passed. */
  lastGood: string;
}

/** Whether `release` is the kernel `entry` names: the same, or `entry` then a dot, dash or plus ("6.1" is 6.1.0-50-amd64, not 6.12.x). */
export const kernelMatches = (entry: string, release: string): boolean =>
  release === entry || (release.startsWith(entry) && /^[.+-]/.test(release.slice(entry.length)));

/**
 * Per scenario and user space, the first kernel of `order` where the scenario fails while it
 * passed on the nearest kernel before it that has a result. Kernels with no result are passed over.
 */
export function firstBadKernels(results: KernelOutcome[], order: string[]): FirstBadKernel[] {
  const rank = (release: string) => order.findIndex((entry) => kernelMatches(entry, release));
  const groups = new Map<string, KernelOutcome[]>();
  for (const r of results) {
    if (rank(r.kernel) < 0) continue;
    const k = `${r.scenario}\u0000${r.userspace}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const found: FirstBadKernel[] = [];
  for (const runs of groups.values()) {
    // Several runs of one kernel (a merge of repeated runs) count as one: failing if any failed, passing if all passed.
    const perKernel = new Map<string, KernelOutcome>();
    for (const r of runs) {
      const seen = perKernel.get(r.kernel);
      if (!seen || isFailure(r.outcome) || (seen.outcome === 'pass' && r.outcome !== 'pass'))
        perKernel.set(r.kernel, seen && isFailure(seen.outcome) ? seen : r);
    }
    const inOrder = [...perKernel.values()].sort((a, b) => rank(a.kernel) - rank(b.kernel));
    const i = inOrder.findIndex((r, n) => n > 0 && isFailure(r.outcome) && inOrder[n - 1]!.outcome === 'pass');
    if (i < 0) continue;
    const bad = inOrder[i]!;
    found.push({ scenario: bad.scenario, userspace: bad.userspace, kernel: bad.kernel, outcome: bad.outcome, lastGood: inOrder[i - 1]!.kernel });
  }
  return found.sort((a, b) => a.scenario.localeCompare(b.scenario) || a.userspace.localeCompare(b.userspace));
}

/** The Markdown section report merge adds: one line per scenario that regressed along the order. */
export function firstBadMarkdown(found: FirstBadKernel[], order: string[]): string {
  const lines = ['### First bad kernel', '', `Kernels in order: ${order.map(mdText).join(' → ')}`, ''];
  if (!found.length) lines.push('No scenario fails on a kernel after passing on the one before.');
  for (const f of found)
    lines.push(`- **${mdText(f.scenario)}** (${mdText(f.userspace)}): first bad ${mdText(f.kernel)} (${mdText(f.outcome)}), last good ${mdText(f.lastGood)}`);
  return `${lines.join('\n')}\n`;
}
