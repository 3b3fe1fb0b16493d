// The kernel's own counters: /proc/net/netstat and /proc/net/snmp hold pairs of lines, names
// then values, per group ("TcpExt: ... IPReversePathFilter ..."); /proc/net/snmp6 a name and a
// value a line ("Ip6InReceives 12").
export function parseNetstat(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n');
  for (const line of lines) {
    const one = /^(\w+)\s+(-?\d+)$/.exec(line.trim());
    if (one) out.set(one[1]!, Number(one[2]));
  }
  for (let i = 0; i + 1 < lines.length; i++) {
    const names = /^(\w+): (.*)$/.exec(lines[i]!);
    const values = /^(\w+): (.*)$/.exec(lines[i + 1]!);
    if (!names || !values || names[1] !== values[1] || /^[-\d\s]+$/.test(names[2]!)) continue;
    const v = values[2]!.trim().split(/\s+/);
    names[2]!
      .trim()
      .split(/\s+/)
      .forEach((n, k) => out.set(`${names[1]}.${n}`, Number(v[k])));
    i++;
  }
  return out;
}

/** How much `counter` ("TcpExt.IPReversePathFilter") grew between two readings. */
export function counterGrowth(before: string, after: string, counter: string): number {
  const a = parseNetstat(after).get(counter) ?? 0;
  const b = parseNetstat(before).get(counter) ?? 0;
  return a - b;
}
