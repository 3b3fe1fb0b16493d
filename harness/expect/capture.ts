// Reads `tcpdump -n -l` lines from a background capture into packets, and checks which
// packets were (or were not) seen, and in which order.
import type { CaptureExpect, PacketPattern } from './kinds/capture.js';
import { matchesString } from './pattern.js';
import { verdict, type EvalContext, type Verdict } from './verdict.js';

export interface Packet {
  proto: 'arp' | 'icmp' | 'tcp' | 'udp' | 'ip';
  src: string;
  dst: string;
  sport?: string;
  dport?: string;
  text: string;
}

function splitPort(endpoint: string): [string, string | undefined] {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?:\.(\d+|[a-z-]+))?$/.exec(endpoint);
  return m ? [m[1]!, m[2]] : [endpoint, undefined];
}

export function parseTcpdump(text: string): Packet[] {
  const packets: Packet[] = [];
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/^\d\d:\d\d:\d\d\.\d+\s+/, '')
      .replace(/^\S+\s+(In|Out|M|B|P)\s+/, '')
      .trim();
    const arp = /^ARP, (Request who-has (\S+) (?:\(\S+\) )?tell (\S+)|Reply (\S+) is-at (\S+))/.exec(line);
    if (arp) {
      packets.push(arp[2] ? { proto: 'arp', src: arp[3]!.replace(/,$/, ''), dst: arp[2], text: line } : { proto: 'arp', src: arp[4]!, dst: '', text: line });
      continue;
    }
    const ip = /^IP (\S+) > (\S+?):\s*(.*)$/.exec(line);
    if (!ip) continue;
    const [src, sport] = splitPort(ip[1]!);
    const [dst, dport] = splitPort(ip[2]!);
    const rest = ip[3]!;
    const proto = /^ICMP/.test(rest)
      ? 'icmp'
      : /^Flags \[/.test(rest) || /tcp/i.test(rest.split(',')[0]!)
        ? 'tcp'
        : /^UDP|^\S+\?|udp/i.test(rest)
          ? 'udp'
          : 'ip';
    packets.push({ proto, src, dst, ...(sport ? { sport } : {}), ...(dport ? { dport } : {}), text: line });
  }
  return packets;
}

export function matchesPacket(p: Packet, want: PacketPattern): boolean {
  if (want.proto && p.proto !== want.proto) return false;
  if (want.src && !matchesString(p.src, want.src)) return false;
  if (want.dst && !matchesString(p.dst, want.dst)) return false;
  if (want.sport !== undefined && !matchesString(p.sport ?? '', String(want.sport))) return false;
  if (want.dport !== undefined && !matchesString(p.dport ?? '', String(want.dport))) return false;
  if (want.text && !matchesString(p.text, want.text, 'contains')) return false;
  return true;
}

const show = (p: PacketPattern) => JSON.stringify(p);

export function checkCapture(spec: CaptureExpect, ctx: EvalContext): Verdict[] {
  const bg = ctx.background(spec.from);
  if (!bg) return [verdict('capture', false, `capture "${spec.from}"`, 'no such background process')];
  // tcpdump says "listening on IFACE" once it captures; without it, "never saw" means nothing.
  if (!/^listening on /m.test(bg.stderr))
    return [
      verdict('capture', false, `capture "${spec.from}" is running tcpdump (it prints "listening on ...")`, `${bg.stderr.trim() || '(nothing on stderr)'}`),
    ];
  const packets = parseTcpdump(bg.stdout);
  const actual = packets.map((p) => p.text).join('\n') || `(no packets)${bg.stderr ? `\n${bg.stderr.trim()}` : ''}`;
  const out: Verdict[] = [];
  for (const w of spec.has ?? [])
    out.push(
      verdict(
        'capture',
        packets.some((p) => matchesPacket(p, w)),
        `saw ${show(w)}`,
        actual,
      ),
    );
  for (const w of spec.lacks ?? []) out.push(verdict('capture', !packets.some((p) => matchesPacket(p, w)), `never saw ${show(w)}`, actual));
  if (spec.order) {
    let at = 0;
    for (const w of spec.order) {
      const i = packets.findIndex((p, idx) => idx >= at && matchesPacket(p, w));
      if (i < 0) {
        at = -1;
        break;
      }
      at = i + 1;
    }
    out.push(verdict('capture', at >= 0, `in order: ${spec.order.map(show).join(' then ')}`, actual));
  }
  return out;
}
