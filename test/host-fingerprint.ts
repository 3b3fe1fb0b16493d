// What a sandbox must never change on this machine beyond its network (test/host-state.ts):
// the files recipes write, the hostname, /run/netns, the host's links and kernel modules. (That
// no process outlives its sandbox is checked per sandbox: other runs may be under way.) A probe
// that cannot run throws: a fingerprint of failures would compare equal before and after.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const FILES = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/etc/iproute2/rt_tables', '/root/.bashrc'];

function digest(path: string): string {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : '(absent)';
}

function safely(what: string, probe: () => string): string {
  try {
    return probe();
  } catch (err) {
    throw new Error(`host fingerprint: the ${what} probe failed: ${(err as Error).message}`);
  }
}

export function hostFingerprint(): Record<string, string> {
  return {
    files: safely('files', () => FILES.map((f) => `${f} ${digest(f)}`).join('\n')),
    etcNetns: String(existsSync('/etc/netns')),
    hostname: safely('hostname', () => execFileSync('hostname', { encoding: 'utf8' })),
    runNetns: safely('/run/netns', () => (existsSync('/run/netns') ? readdirSync('/run/netns').join(' ') : '(absent)')),
    links: safely('links', () => execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).replace(/ +(qlen|alias) .*/g, '')),
    modules: safely('modules', () =>
      existsSync('/proc/modules')
        ? readFileSync('/proc/modules', 'utf8')
            .split('\n')
            .map((l) => l.split(' ')[0])
            .sort()
            .join(' ')
        : '(kernel without loadable modules)',
    ),
  };
}
