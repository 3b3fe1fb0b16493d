// Which kernel, distro and tool versions a scenario ran against, for the report's properties.
import type { Sandbox, SandboxInfo } from '../backends/backend.js';
import { scriptBeside } from '../exec/script-file.js';

const SCRIPT = scriptBeside(import.meta.url, './sandbox-info.sh');

export async function sandboxInfo(sandbox: Sandbox): Promise<SandboxInfo> {
  const r = await sandbox.exec(['bash', '-c', SCRIPT], { timeoutMs: 5000, label: 'sandbox info' });
  const [kernel = '?', distro = '?', ipt = 'none', ipv = 'none', ct = 'none'] = r.stdout.split('\n').map((l) => l.trim());
  const flavour = /\((nf_tables|legacy)\)/.exec(ipt)?.[1] ?? 'unknown';
  return {
    backend: sandbox.backend,
    kernel,
    distro,
    iptables: flavour === 'nf_tables' ? 'nft' : flavour,
    tools: { iptables: ipt, iproute2: ipv, conntrack: ct },
    ...(sandbox.machine ? { machine: sandbox.machine } : {}),
  };
}
