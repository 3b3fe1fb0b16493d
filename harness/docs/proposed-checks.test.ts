// The checks docs extract and record read from listings and tool outputs, against real outputs.
import { describe, expect, it } from 'vitest';
import { listingCheck, toolCheck } from './proposed-checks.js';

// Outputs as the sandbox printed them (iproute2 6.1, iptables 1.8.9 nft, iputils 20221126).
const lines = (text: string) => text.split('\n');

describe('listing checks', () => {
  it('reads the links of ip link show: state and bridge', () => {
    const out = lines(`4: vethbr1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master virbr0 state UP mode DEFAULT group default qlen 1000
    link/ether 0e:fb:d5:75:e4:6d brd ff:ff:ff:ff:ff:ff link-netns ns1
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000`);
    expect(listingCheck('ip link show master virbr0', out)).toEqual({
      links: {
        has: [
          { ifname: 'vethbr1', operstate: 'UP', master: 'virbr0' },
          { ifname: 'lo', operstate: 'DOWN' },
        ],
      },
    });
    expect(listingCheck('ip link set lo up', out)).toBeUndefined();
  });

  it('reads ip -br link and ip -br addr', () => {
    const links = lines(
      'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\neth0@if2         UP             9a:f9:58:56:41:d3 <BROADCAST,MULTICAST,UP,LOWER_UP>',
    );
    expect(listingCheck('ip -br link', links)).toEqual({
      links: {
        has: [
          { ifname: 'lo', operstate: 'UNKNOWN' },
          { ifname: 'eth0', operstate: 'UP' },
        ],
      },
    });
    const addrs = lines(
      'lo               UNKNOWN        127.0.0.1/8 ::1/128\neth0@if2         UP             10.0.2.15/24 fe80::98f9:58ff:fe56:41d3/64\nveth0            DOWN           ',
    );
    expect(listingCheck('ip -br a', addrs)).toEqual({
      addresses: {
        has: [
          { ifname: 'lo', address: '127.0.0.1/8' },
          { ifname: 'lo', address: '::1/128' },
          { ifname: 'eth0', address: '10.0.2.15/24' },
        ],
      },
    });
  });

  it('reads the addresses of ip addr, leaving out link-local IPv6', () => {
    const out = lines(`2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether f2:20:e6:b0:16:b9 brd ff:ff:ff:ff:ff:ff link-netnsid 0
    inet 10.9.0.2/24 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 fe80::f020:e6ff:feb0:16b9/64 scope link tentative
       valid_lft forever preferred_lft forever`);
    for (const command of ['ip addr', 'ip a', 'ip -4 addr show dev eth0', 'ip address show eth0'])
      expect(listingCheck(command, out), command).toEqual({ addresses: { has: [{ ifname: 'eth0', address: '10.9.0.2/24' }] } });
    expect(listingCheck('ip addr add 10.9.0.2/24 dev eth0', out)).toBeUndefined();
  });

  it('reads iptables -S, iptables-save and the policies of iptables -L', () => {
    const rules = lines('-P FORWARD DROP\n-A FORWARD -i virbr0 -o virbr0 -j ACCEPT');
    const expected = {
      iptables: [
        { chain: 'FORWARD', policy: 'DROP' },
        { chain: 'FORWARD', rule: '-i virbr0 -o virbr0 -j ACCEPT' },
      ],
    };
    expect(listingCheck('iptables -S FORWARD', rules)).toEqual(expected);
    expect(listingCheck('iptables -S', rules)).toEqual(expected);
    expect(
      listingCheck(
        'iptables -t nat -S OUTPUT',
        lines('-P OUTPUT ACCEPT\n-A OUTPUT -d 10.9.0.100/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.9.0.2:8080'),
      ),
    ).toEqual({
      iptables: { table: 'nat', chain: 'OUTPUT', rule: '-d 10.9.0.100/32 -p tcp --dport 80 -j DNAT --to-destination 10.9.0.2:8080' },
    });
    const saved = lines('*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 172.18.0.0/16 ! -o br0 -j MASQUERADE\nCOMMIT');
    expect(listingCheck('iptables-save', saved)).toEqual({ iptables: { table: 'nat', chain: 'POSTROUTING', rule: '-s 172.18.0.0/16 ! -o br0 -j MASQUERADE' } });
    expect(listingCheck('iptables -L FORWARD -n', lines('Chain FORWARD (policy DROP)\ntarget     prot opt source               destination'))).toEqual({
      iptables: { chain: 'FORWARD', policy: 'DROP' },
    });
    expect(listingCheck('iptables -A FORWARD -j LOG', rules)).toBeUndefined();
  });
});

describe('tool checks', () => {
  const ping = lines('2 packets transmitted, 2 received, 0% packet loss, time 1073ms');
  it('says how many pings came back when asked for exact counts, else at least one', () => {
    expect(toolCheck('ping -c 2 10.0.0.1', ping, true)).toEqual({ ping: { received: 2 } });
    expect(toolCheck('ping -c 2 10.0.0.1', ping)).toEqual({ ping: { received: '>0' } });
    expect(toolCheck('ping -c 1 10.0.0.1', ['ping: connect: Network is unreachable'], true)).toEqual({ ping: 'network-unreachable' });
  });
});
