// nft and ebtables expectations in a real netns sandbox: rules found by comment, text and handle, counters
// that a ping moves, policies and absence, in the passing and the failing direction.
import { describe, expect, it } from 'vitest';
import { HEAD, cli, scenarioDir, tempDir } from './helpers.js';

const run = async (yaml: string) => cli(['run', await scenarioDir({ 'nft.yaml': yaml }), '--backend', 'netns', '--out', await tempDir()]);

const SETUP = `requires: { commands: [nft, ping] }
steps:
  - name: an output chain that counts pings to lo
    run: |
      nft add table inet filter
      nft 'add chain inet filter output { type filter hook output priority 0; policy accept; }'
      nft add rule inet filter output ip daddr 127.0.0.1 icmp type echo-request counter comment '"ping-out"'
      nft add rule inet filter output tcp dport 9 counter drop
  - name: two pings to lo
    run: ping -c 2 -W 1 127.0.0.1
    expect:
      ping: ok
`;

describe.concurrent('nft expectations in a netns sandbox', () => {
  it('pass on the ruleset the steps made, counters included', async () => {
    const r = await run(`${HEAD('nft-pass')}${SETUP}      nft:
        - { table: inet filter, chain: output, policy: accept }
        - { table: inet filter, chain: output, comment: ping-out, packets: 2, bytes: ">0" }
        - { table: inet filter, chain: output, rule: "tcp dport 9 counter drop", packets: 0 }
        - { table: inet filter, chain: output, rule: "/dport 22/", absent: true }
        - { table: nat, absent: true }
`);
    expect(r.exitCode, r.all).toBe(0);
  });
  it('fail on a counter that did not move, naming the rule with its counter', async () => {
    const r = await run(`${HEAD('nft-counter-fail')}${SETUP}      nft: { table: inet filter, chain: output, rule: "tcp dport 9 counter drop", packets: ">0" }
`);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(
      /nft: expected inet filter\/output "tcp dport 9 counter drop" packets >0, got rule: \[handle \d+\] tcp dport 9 counter packets 0 bytes 0 drop/,
    );
  });
  it('fail on absent when the rule is there, showing the rule found', async () => {
    const r = await run(`${HEAD('nft-absent-fail')}${SETUP}      nft: { table: inet filter, chain: output, comment: ping-out, absent: true }
`);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(
      /nft: expected inet filter\/output lacks comment "ping-out", got found: \[handle \d+\] ip daddr 127\.0\.0\.1 icmp type echo-request counter packets 2/,
    );
  });
  it('check rejects a counter without a rule to count, at its position', async () => {
    const dir = await scenarioDir({
      'bad.yaml': `${HEAD('nft-bad')}steps:\n  - name: s\n    expect:\n      nft: { table: inet filter, chain: input, packets: ">0" }\n`,
    });
    const r = await cli(['check', dir]);
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:7:\d+: packets needs a rule that is present/);
  });
});

const BRIDGED = `requires: { commands: [ebtables, ping] }
steps:
  - name: two netns on a bridge, an ebtables rule per destination
    run: |
      ip link add br0 type bridge && ip link set br0 up
      for n in 1 2; do
        ip netns add ns$n
        ip link add v$n type veth peer name eth0 netns ns$n
        ip link set v$n master br0 up
        ip -n ns$n addr add 10.9.0.$n/24 dev eth0
        ip -n ns$n link set eth0 up
      done
      ebtables -A FORWARD -p IPv4 --ip-dst 10.9.0.2 -j ACCEPT
      ebtables -A FORWARD -p IPv4 --ip-dst 10.9.0.99 -j DROP
  - name: ns1 pings ns2 across the bridge
    in: ns1
    run: ping -c 2 -W 2 10.9.0.2
    expect: { ping: ok }
  - name: the bridge counted them
    expect:
      ebtables:
`;

describe.concurrent('ebtables expectations in a netns sandbox', () => {
  it('pass on counters that bridged pings moved', async () => {
    const r = await run(`${HEAD('eb-pass')}${BRIDGED}        - { chain: FORWARD, policy: ACCEPT }
        - { chain: FORWARD, rule: "-p IPv4 --ip-dst 10.9.0.2 -j ACCEPT", position: 1, packets: 2, bytes: ">0" }
        - { chain: FORWARD, rule: "-p IPv4 --ip-dst 10.9.0.99 -j DROP", packets: 0 }
`);
    expect(r.exitCode, r.all).toBe(0);
  });
  it('fail on a counter that did not move, naming the rule with its counters', async () => {
    const r = await run(`${HEAD('eb-fail')}${BRIDGED}        - { chain: FORWARD, rule: "-p IPv4 --ip-dst 10.9.0.99 -j DROP", packets: ">0" }
`);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(
      /ebtables: expected "-p IPv4 --ip-dst 10\.9\.0\.99 -j DROP" packets >0, got rule: FORWARD: -p IPv4 --ip-dst 10\.9\.0\.99 -j DROP , pcnt = 0 -- bcnt = 0/,
    );
  });
});
