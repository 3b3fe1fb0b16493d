import { describe, expect, it } from 'vitest';
import { limitsText, sandboxLimits } from './sandbox-limits.js';

describe('what the sandbox refused a passing step', () => {
  it('finds dmesg, a host-only sysctl and the modprobe shim in what selftests print, each once', () => {
    const stderr = [
      'dmesg: read kernel buffer failed: Operation not permitted',
      'sysctl: cannot stat /proc/sys/kernel/panic_on_oops: No such file or directory',
      'dmesg: read kernel buffer failed: Operation not permitted',
      "modprobe: a netrecipes sandbox cannot load kernel modules, and 'fou' is not loaded here.",
    ].join('\n');
    const limits = sandboxLimits({ stdout: '', stderr });
    expect(limits.map((l) => l.what)).toEqual(['the kernel log (dmesg)', 'a sysctl of the host only', 'loading kernel modules']);
    expect(limitsText(limits)).toMatch(
      /^limited by the sandbox: the kernel log \(dmesg\) \("dmesg: read kernel buffer failed: Operation not permitted"\); .*a guest backend/,
    );
  });

  it('finds nothing in ordinary output', () => {
    expect(sandboxLimits({ stdout: 'TEST: a [ OK ]\n', stderr: 'Cannot find device "x"\n' })).toEqual([]);
  });
});
