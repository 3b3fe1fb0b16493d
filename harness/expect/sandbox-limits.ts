// A step can pass while the sandbox quietly kept part of it from running: a selftest that reads
// the kernel log, writes a sysctl only the host's initial namespace has, mounts debugfs, loads
// a BPF program or a module prints why that part failed and carries on. Those lines, on a
// passing step, are "limited by the sandbox": every report says so, with the line and where the
// refused thing is allowed (docs/isolation.md lists the same).

/** One thing the netns sandbox refuses on purpose, and how to recognise a tool saying so. */
interface Refusal {
  what: string;
  pattern: RegExp;
}

const REFUSALS: readonly Refusal[] = [
  {
    what: 'the kernel log (dmesg)',
    pattern: /dmesg: read kernel buffer failed|klogctl: Operation not permitted|\/dev\/kmsg: (Operation not permitted|Permission denied)/,
  },
  {
    what: 'a sysctl of the host only',
    pattern: /cannot stat \/proc\/sys\/|sysctl: permission denied on key|\/proc\/sys\/(kernel|vm|fs|debug)\/\S*: (Permission denied|Read-only file system)/,
  },
  {
    what: 'debugfs or tracefs',
    pattern:
      /\/sys\/kernel\/(debug|tracing)\b.*(Permission denied|Operation not permitted|No such file or directory)|mount: .*(debugfs|tracefs).*(permission denied|Operation not permitted)/i,
  },
  { what: 'BPF', pattern: /\bbpf\b.*Operation not permitted|libbpf: .*(Operation not permitted|EPERM)|Error: Failed to load BPF/i },
  {
    what: 'loading kernel modules',
    pattern: /a netrecipes sandbox cannot load kernel modules|modprobe: (FATAL|ERROR): .*(Operation not permitted|could not insert)/,
  },
];

/** Where a selftest can do what the netns sandbox refused. */
const WHERE_ALLOWED = 'a guest backend (--backend qemu) allows it';

/** One limit seen: what was refused and the first line that said so. */
export interface SandboxLimit {
  what: string;
  line: string;
}

/** What the sandbox refused a step, from its output (each kind once, with its first line). */
export function sandboxLimits(output: { stdout: string; stderr: string }): SandboxLimit[] {
  const lines = `${output.stderr}\n${output.stdout}`.split('\n');
  const found: SandboxLimit[] = [];
  for (const r of REFUSALS) {
    const line = lines.find((l) => r.pattern.test(l));
    if (line) found.push({ what: r.what, line: line.trim().slice(0, 200) });
  }
  return found;
}

/** "limited by the sandbox: the kernel log (dmesg) ("dmesg: read kernel buffer failed: ..."); ...". */
export function limitsText(limits: readonly SandboxLimit[]): string {
  return `limited by the sandbox: ${limits.map((l) => `${l.what} ("${l.line}")`).join('; ')}; ${WHERE_ALLOWED}`;
}
