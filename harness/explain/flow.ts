// Which flow a connectivity step tried: from which namespace, to which address and port, read
// from its ping, curl or nc command. Numeric IPv4 and IPv6 destinations are explained; a step
// whose destination is a name says that it is not explained, and why.
import { isIP } from 'node:net';
import { KINDS, written } from '../expect/kinds.js';
import type { Step } from '../scenario/scenario.js';

export interface Flow {
  /** The namespace the command ran in ("host" for the sandbox host). */
  from: string;
  dst: string;
  proto: 'icmp' | 'tcp' | 'udp';
  dport?: number;
  /** 6 for an IPv6 destination (absent: IPv4). */
  family?: 6;
}

/** The address of `word` if it is a numeric IPv4 or IPv6 one (a link-local zone `%eth0` dropped). */
function address(word: string): string | undefined {
  const bare = word.replace(/^['"[]|['"\]]$/g, '').replace(/%[\w.-]+$/, '');
  return isIP(bare) ? bare : undefined;
}

const withFamily = (flow: Flow): Flow => (isIP(flow.dst) === 6 ? { ...flow, family: 6 } : flow);

/** The flow of the first ping, curl or nc in `run`, if its destination is a numeric address. */
export function flowOfCommand(from: string, run: string): Flow | undefined {
  for (const line of run.split('\n')) {
    const words = line.split(/\s*(?:&&|\|\||;|\|)\s*/).flatMap((part) => [part.trim().split(/\s+/)]);
    for (const w of words) {
      const [tool, ...args] = w[0] === 'sudo' ? w.slice(1) : w;
      if (tool === 'ping' || tool === 'ping6') {
        const dst = args.reverse().map(address).find(Boolean);
        if (dst) return withFamily({ from, dst, proto: 'icmp' });
      } else if (tool === 'curl') {
        const url = args
          .map((x) => /^(?:https?:\/\/)?(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\])(?::(\d+))?(?:\/|$)/.exec(x.replace(/^['"]|['"]$/g, '')))
          .find(Boolean);
        if (url && address(url[1]!))
          return withFamily({ from, dst: address(url[1]!)!, proto: 'tcp', dport: Number(url[2] ?? (/^https:/.test(url[0]) ? 443 : 80)) });
      } else if (tool === 'nc') {
        const i = args.findIndex((x) => address(x));
        if (i >= 0)
          return withFamily({
            from,
            dst: address(args[i]!)!,
            proto: args.includes('-u') ? 'udp' : 'tcp',
            ...(args[i + 1] && /^\d+$/.test(args[i + 1]!) ? { dport: Number(args[i + 1]) } : {}),
          });
      }
    }
  }
  return undefined;
}

/** A step whose outcome says whether packets got through: it has a connectivity kind (ping, curl, capture). */
export function isConnectivityStep(step: Step): boolean {
  return written(KINDS, step.expect ?? {}).some(({ kind }) => kind.connectivity);
}
