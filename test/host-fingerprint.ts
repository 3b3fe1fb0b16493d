// What a sandbox must never change on this machine beyond its network (test/host-state.ts):
// the files recipes write, the hostname, /run/netns, the host's links, kernel modules, and no
// process of a sandbox's users may outlive it. A probe that cannot run throws: a fingerprint
// of failures would compare equal before and after.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { SANDBOX_ID_COUNT, SANDBOX_ROOT_ID } from '../harness/backends/netns/id-map.js';

const FILES = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/etc/iproute2/rt_tables', '/root/.bashrc'];

function digest(path: string): string {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : '(absent)';
}

function sandboxUserProcesses(): string {
  const pids = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  return pids
    .filter((pid) => {
      const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, { encoding: 'utf8', flag: 'r' }).toString())?.[1];
      return uid !== undefined && Number(uid) >= SANDBOX_ROOT_ID && Number(uid) < SANDBOX_ROOT_ID + SANDBOX_ID_COUNT;
    })
    .join(' ');
}

function safely(what: string, probe: () => string): string {
  try {
    return probe();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && what === 'processes') return ''; // a process ended while read
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
    modules: safely('modules', () => (existsSync('/proc/modules') ? readFileSync('/proc/modules', 'utf8').split('\n').map((l) => l.split(' ')[0]).sort().join(' ') : '(kernel without loadable modules)')),
    processes: safely('processes', sandboxUserProcesses),
  };
}
