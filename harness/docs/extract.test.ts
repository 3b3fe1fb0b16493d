import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { extractSkeletons } from './extract.js';

const ARTICLE = [
  '# Lab',
  '',
  '## Run it',
  '',
  '```console',
  '$ sudo ip netns add red',
  '$ sudo ip -n red link set lo up',
  'root@lab:~# ip netns exec red ip route',
  'default via 10.0.0.1 dev eth0',
  '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2',
  '$ ping 8.8.8.8',
  'PING 8.8.8.8 (8.8.8.8) 56(84) bytes of data.',
  '64 bytes from 8.8.8.8: icmp_seq=1 ttl=117 time=9.1 ms',
  '^C',
  '',
  '--- 8.8.8.8 ping statistics ---',
  '1 packets transmitted, 1 received, 0% packet loss, time 0ms',
  '$ ping -c 1 10.9.9.9',
  'ping: connect: Network is unreachable',
  '$ curl -s http://10.0.0.2:8080/',
  'hello from red',
  '$ curl http://10.0.0.2:9090/',
  'curl: (7) Failed to connect to 10.0.0.2 port 9090: Connection refused',
  '```',
].join('\n');

describe('docs extract', () => {
  it('turns printed outputs into expectations, ip -n / ip netns exec into in:, the internet into the world', () => {
    const [skeleton] = extractSkeletons(ARTICLE, 'lab.md');
    const s = parse(skeleton!.yaml) as { world?: { internet: string[] }; steps: Record<string, unknown>[] };
    expect(s.world).toEqual({ internet: ['8.8.8.8'] });
    expect(skeleton!.yaml).toContain("# The article's public addresses (8.8.8.8) are served by the sandbox's simulated internet.");
    expect(s.steps).toEqual([
      { name: 'ip netns add red', run: 'ip netns add red' },
      { name: 'ip link set lo up', in: 'red', run: 'ip link set lo up' },
      {
        name: 'ip route',
        in: 'red',
        expect: {
          routes: {
            has: [
              { dst: 'default', gateway: '10.0.0.1', dev: 'eth0' },
              { dst: '10.0.0.0/24', dev: 'eth0' },
            ],
          },
        },
      },
      { name: 'ping 8.8.8.8', run: 'ping -c 3 -i 0.2 -W 1 8.8.8.8', expect: { ping: { received: '>0' } } },
      { name: 'ping -c 1 10.9.9.9', run: 'ping -c 1 10.9.9.9', expect: { ping: 'network-unreachable' } },
      { name: 'curl -s http://10.0.0.2:8080/', run: 'curl -s http://10.0.0.2:8080/', expect: { curl: { body: { contains: 'hello from red' } } } },
      { name: 'curl http://10.0.0.2:9090/', run: 'curl http://10.0.0.2:9090/', expect: { curl: { failure: 'refused' } } },
    ]);
    expect(skeleton!.yaml).toContain(`# article line 11: the article's "ping 8.8.8.8" runs until Ctrl-C: bounded to 3 pings`);
  });
});
