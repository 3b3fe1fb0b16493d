// Issue 24, truth round 2: verdicts, explanations and reports on material nobody here wrote
// (outside walkthroughs, a new user's own recipes), each case run for real in a netns sandbox.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAD, cli, scenarioDir, tempDir } from './helpers.js';

const run = async (files: Record<string, string>, ...args: string[]) => {
  const out = await tempDir();
  const r = await cli(['run', await scenarioDir(files), '--out', out, ...args]);
  return { ...r, out, junit: () => readFileSync(join(out, 'junit.xml'), 'utf8'), summary: () => readFileSync(join(out, 'summary.md'), 'utf8') };
};

/** a (10.1.0.2) -- r (10.1.0.1 | 10.2.0.1, forwarding) -- b (10.2.0.2); the r-b link has MTU 1400. */
const ROUTED_STEP = `  - name: a router between a and b, b's link with MTU 1400
    run: |
      for n in a r b; do ip netns add $n; done
      ip link add a0 netns a type veth peer name r0 netns r
      ip link add r1 netns r type veth peer name b0 netns b
      ip -n a addr add 10.1.0.2/24 dev a0 && ip -n a link set a0 up && ip -n a route add default via 10.1.0.1
      ip -n r addr add 10.1.0.1/24 dev r0 && ip -n r link set r0 up
      ip -n r link set r1 mtu 1400 up && ip -n r addr add 10.2.0.1/24 dev r1
      ip -n b link set b0 mtu 1400 up && ip -n b addr add 10.2.0.2/24 dev b0 && ip -n b route add default via 10.2.0.1
      ip netns exec r sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
`;

describe.concurrent('item 1: a ping answered only by errors is not a timeout', () => {
  const oversized = (expectation: string) => ({
    'frag.yaml': `${HEAD('frag-needed')}steps:
${ROUTED_STEP}  - name: an oversized ping with DF
    in: a
    run: ping -M do -s 1450 -c 3 -i 0.2 -W 1 10.2.0.2
    expect: ${expectation}
`,
  });
  it('ping: timeout fails on "Frag needed and DF set" and "message too long", naming them', async () => {
    const r = await run(oversized('{ ping: timeout }'));
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/ping: expected ping timeout, got frag-needed \(mtu 1400\): 3 transmitted, 0 received, 100% loss, 3 errors, from 10\.1\.0\.1/);
  });
  it('ping: frag-needed with its MTU passes', async () => {
    const r = await run(oversized('{ ping: { kind: frag-needed, mtu: 1400 } }'));
    expect(r.exitCode, r.all).toBe(0);
  });
});
