// Which flow a connectivity step tried: from which namespace, to which address and port, read
// from its ping, curl or nc command. Only numeric IPv4 destinations are explained.
import type { Step } from '../scenario/scenario.js';

export interface Flow {
  /** The namespace the command ran in ("host" for the sandbox host). */
  from: string;
  dst: string;
  proto: 'icmp' | 'tcp' | 'udp';
  dport?: number;
  /** Which tool sent it, to word the explanation (curl refused -> look for a listener). */
  tool: 'ping' | 'curl' | 'nc';
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The flow of the first ping, curl or nc in `run`, if its destination is an IPv4 address. */
export function flowOfCommand(from: string, run: string): Flow | undefined {
  for (const line of run.split('\n')) {
    const words = line.split(/\s*(?:&&|\|\||;|\|)\s*/).flatMap((part) => [part.trim().split(/\s+/)]);
    for (const w of words) {
      const tool = w[0];
      if (tool === 'ping') {
        const dst = w.slice(1).reverse().find((x) => IPV4.test(x));
        if (dst) return { from, dst, proto: 'icmp', tool };
      } else if (tool === 'curl') {
        const url = w.map((x) => /^(?:https?:\/\/)?(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?(?:\/|$)/.exec(x.replace(/^['"]|['"]$/g, ''))).find(Boolean);
        if (url) return { from, dst: url[1]!, proto: 'tcp', dport: Number(url[2] ?? (/^https:/.test(url[0]) ? 443 : 80)), tool };
      } else if (tool === 'nc') {
        const i = w.findIndex((x, k) => k > 0 && IPV4.test(x));
        if (i > 0) return { from, dst: w[i]!, proto: w.includes('-u') ? 'udp' : 'tcp', ...(w[i + 1] && /^\d+$/.test(w[i + 1]!) ? { dport: Number(w[i + 1]) } : {}), tool };
      }
    }
  }
  return undefined;
}

/** A step whose outcome says whether packets got through: it has ping, curl or capture expectations. */
export function isConnectivityStep(step: Step): boolean {
  const e = step.expect;
  return e?.ping !== undefined || e?.curl !== undefined || e?.capture !== undefined;
}
