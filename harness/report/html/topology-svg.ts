// Draws the sandbox's actual network (from `ip -j -d link/addr` per namespace) as an inline SVG:
// a box per namespace listing its interfaces and addresses, a line between the two ends of each
// veth pair, bridge ports marked with their bridge, and the namespace's default route.
import type { Topology } from '../../run/results.js';
import { el, type Markup } from './element.js';
import { field } from '../../text/json-field.js';

interface Iface {
  ns: string;
  name: string;
  kind: string;
  master?: string;
  ifindex: number;
  peerIndex?: number;
  /** The named netns the peer lives in, when ip can name it; undefined: an unnamed one (host, world, client). */
  peerNs?: string;
  addrs: string[];
  up: boolean;
  y: number;
}

const BOX_W = 240;
const ROW_H = 30;
const GAP = 70;
/** Column of a namespace: the world on the left, the sandbox host in the middle, the scenario's namespaces on the right. */
const column = (ns: string) => (ns === 'world' || ns === 'client' ? 0 : ns === 'host' ? 1 : 2);

interface Box {
  ns: string;
  x: number;
  top: number;
  height: number;
  ifaces: Iface[];
  routes: string[];
}

function interfaces(topology: Topology, ns: string): Omit<Iface, 'y'>[] {
  const addrs = new Map<string, string[]>();
  for (const a of topology[ns]!.addrs)
    addrs.set(
      String(a.ifname),
      ((a.addr_info as { family: string; local: string; prefixlen: number }[]) ?? [])
        .filter((x) => x.family === 'inet')
        .map((x) => `${x.local}/${x.prefixlen}`),
    );
  const links = topology[ns]!.links;
  const names = new Map((topology[ns]!.ids ?? []).filter((i) => i.name).map((i) => [i.nsid, i.name!]));
  return links
    .filter((l) => l.ifname !== 'lo' || links.length === 1)
    .map((l) => ({
      ns,
      name: String(l.ifname),
      kind: field((l.linkinfo as { info_kind?: string } | undefined)?.info_kind ?? l.link_type),
      ...(l.master ? { master: field(l.master) } : {}),
      ifindex: Number(l.ifindex),
      ...(l.link_index !== undefined ? { peerIndex: Number(l.link_index) } : {}),
      ...(l.link_netnsid !== undefined && names.has(Number(l.link_netnsid)) ? { peerNs: names.get(Number(l.link_netnsid)) } : {}),
      addrs: addrs.get(String(l.ifname)) ?? [],
      up: ((l.flags as string[]) ?? []).includes('UP'),
    }));
}

export function topologySvg(topology: Topology): Markup {
  const names = Object.keys(topology).sort((a, b) => column(a) - column(b) || a.localeCompare(b));
  const used = [...new Set(names.map(column))];
  const next = new Map<number, number>();
  const boxes: Box[] = names.map((ns) => {
    const col = used.indexOf(column(ns));
    const top = next.get(col) ?? 5;
    const list = interfaces(topology, ns);
    const routes = (topology[ns]!.routes ?? []).map((r) => `default${r.gateway ? ` via ${r.gateway}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`);
    const height = 30 + Math.max(1, list.length) * ROW_H + routes.length * 16 + 6;
    next.set(col, top + height + 14);
    const ifaces = list.map((f, j) => ({ ...f, y: top + 40 + j * ROW_H }));
    return { ns, x: 10 + col * (BOX_W + GAP), top, height, ifaces, routes };
  });
  const all = boxes.flatMap((b) => b.ifaces.map((f) => ({ f, b })));
  const named = new Set(names.filter((n) => column(n) === 2));
  const lines: Markup[] = [];
  for (const { f, b } of all) {
    if (f.kind !== 'veth' || f.peerIndex === undefined) continue;
    // ifindexes repeat across namespaces: look only where the peer can be (its named netns, or an unnamed one).
    const where = (ns: string) => (f.peerNs ? ns === f.peerNs : !named.has(ns));
    const peer = all.find((o) => o.f !== f && o.f.kind === 'veth' && where(o.b.ns) && o.f.ifindex === f.peerIndex && o.f.peerIndex === f.ifindex);
    if (!peer || peer.b.x < b.x || (peer.b.x === b.x && peer.f.y < f.y)) continue;
    if (peer.b.x === b.x) {
      const x = b.x + BOX_W;
      lines.push(el('path', { d: `M${x} ${f.y} C${x + 30} ${f.y} ${x + 30} ${peer.f.y} ${x} ${peer.f.y}`, class: 'veth' }));
    } else {
      const x1 = b.x + BOX_W;
      const x2 = peer.b.x;
      lines.push(el('path', { d: `M${x1} ${f.y} C${x1 + GAP / 2} ${f.y} ${x2 - GAP / 2} ${peer.f.y} ${x2} ${peer.f.y}`, class: 'veth' }));
    }
  }
  const height = Math.max(60, ...[...next.values()]);
  const width = 20 + used.length * (BOX_W + GAP);
  return el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', class: 'topology', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'network topology' },
    boxes.map((b) =>
      el(
        'g',
        { class: `ns ns-${b.ns === 'host' ? 'host' : column(b.ns) === 0 ? 'world' : 'netns'}` },
        el('rect', { x: b.x, y: b.top, width: BOX_W, height: b.height, rx: 8 }),
        el('text', { x: b.x + 10, y: b.top + 17, class: 'ns-name' }, b.ns === 'host' ? 'sandbox host' : b.ns),
        b.ifaces.map((f) =>
          el(
            'g',
            { class: f.up ? 'if up' : 'if down' },
            el('circle', { cx: b.x + BOX_W - 6, cy: f.y, r: 4 }),
            el('circle', { cx: b.x + 6, cy: f.y, r: 4 }),
            el('text', { x: b.x + 14, y: f.y + 4 }, `${f.name}${f.kind ? ` (${f.kind})` : ''}${f.master ? ` ∈ ${f.master}` : ''}`),
            f.addrs.length ? el('text', { x: b.x + 24, y: f.y + 16, class: 'addr' }, f.addrs.join(' ')) : null,
          ),
        ),
        b.routes.map((r, j) => el('text', { x: b.x + 10, y: b.top + 30 + Math.max(1, b.ifaces.length) * ROW_H + 12 + j * 16, class: 'route' }, `→ ${r}`)),
      ),
    ),
    lines,
  );
}
