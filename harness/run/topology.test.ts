import { describe, expect, it } from 'vitest';
import { parseTopology } from './topology.js';

const LINK = '[{"ifindex":1,"ifname":"lo","link_type":"loopback"}]';
const ADDR = '[{"ifindex":1,"ifname":"lo","link_type":"loopback","addr_info":[{"local":"127.0.0.1","prefixlen":8}]}]';
const IDS = '[{"nsid":0,"name":"red"}]';
const ROUTE = '[{"dst":"default","gateway":"10.0.0.1","dev":"eth0"}]';

describe('parseTopology', () => {
  it('reads four answers a namespace, in order, under JSON-escaped names', () => {
    const t = parseTopology(`@ "host"\n${LINK}\n${ADDR}\n${IDS}\n${ROUTE}\n\n@ "a \\"b\\""\n[]\n[]\n[]\n[]\n\n`);
    expect(Object.keys(t)).toEqual(['host', 'a "b"']);
    expect(t.host!.links[0]!.ifname).toBe('lo');
    expect(t.host!.addrs[0]).toHaveProperty('addr_info');
    expect(t.host!.ids).toEqual([{ nsid: 0, name: 'red' }]);
    expect(t.host!.routes).toEqual([{ dst: 'default', gateway: '10.0.0.1', dev: 'eth0' }]);
    expect(t['a "b"']).toEqual({ links: [], addrs: [], ids: [], routes: [] });
  });

  it("places each answer by its shape when a query failed, so none lands under another's key", () => {
    // `netns list-id` failed (an older ip): three lines
    const t = parseTopology(`@ "host"\n${LINK}\n${ADDR}\n${ROUTE}\n\n`);
    expect(t.host!.ids).toEqual([]);
    expect(t.host!.routes).toEqual([{ dst: 'default', gateway: '10.0.0.1', dev: 'eth0' }]);
    expect(t.host!.addrs[0]).toHaveProperty('addr_info');
    expect(t.host!.links[0]).not.toHaveProperty('addr_info');
  });

  it('keeps a netns called __proto__, and leaves out one whose name could not be escaped, never throwing', () => {
    const t = parseTopology(`@ "host"\n${LINK}\n\n@ "__proto__"\n[]\n\n@ "a\rb"\n${LINK}\n\n`);
    expect(Object.keys(t)).toEqual(['host', '__proto__']);
  });
});
