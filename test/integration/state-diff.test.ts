// --state-diff: every step's changes, per namespace, in the JUnit system-out and under the step
// in the HTML report.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAD, VETH_STEP, cli, scenarioDir, tempDir } from './helpers.js';

const SCENARIO = `${HEAD('state-diff')}steps:
${VETH_STEP('a namespace behind a veth pair')}  - name: route, forwarding and a FORWARD policy
    run: |
      ip netns exec ns0 ip route add default via 10.9.0.1
      echo 1 > /proc/sys/net/ipv4/ip_forward
      iptables -P FORWARD DROP
  - name: a step that changes nothing
    run: ip route show
`;

/** Runs the scenario files with --state-diff; its JUnit XML and report folder. */
async function runWithDiff(files: Record<string, string>, exitCode: number): Promise<{ dir: string; out: string; xml: string }> {
  const dir = await scenarioDir(files);
  const out = await tempDir();
  const run = await cli(['run', dir, '--out', out, '--state-diff']);
  expect(run.exitCode, run.all).toBe(exitCode);
  return { dir, out, xml: readFileSync(join(out, 'junit.xml'), 'utf8') };
}

describe('--state-diff', () => {
  it('records what each step changed in JUnit and HTML; without the flag nothing is recorded', async () => {
    const { dir, out, xml } = await runWithDiff({ 's.yaml': SCENARIO }, 0);
    expect(xml).toContain('ns0: + netns ns0');
    expect(xml).toContain('ns0: + addr 10.9.0.2/24 dev c0');
    expect(xml).toContain('host: + link v0 veth UP');
    expect(xml).toContain('ns0: + route default via 10.9.0.1 dev c0');
    expect(xml).toContain('host: ~ sysctl net.ipv4.ip_forward 0 -&gt; 1');
    expect(xml).toContain('host: + iptables filter FORWARD policy DROP');
    expect(xml).toContain('# what the step changed: nothing');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('ns0: + route default via 10.9.0.1 dev c0');

    const plain = await tempDir();
    await cli(['run', dir, '--out', plain]);
    expect(readFileSync(join(plain, 'junit.xml'), 'utf8')).not.toContain('what the step changed');
  });

  it("a failed step's diff shows what the step did, not the probe replayed to explain it", async () => {
    const { xml } = await runWithDiff(
      {
        'f.yaml': `${HEAD('state-diff-fail')}world: {}
steps:
${VETH_STEP('a namespace behind a veth pair')}  - name: forwarding on, FORWARD policy DROP
    run: |
      ip netns exec ns0 ip route add default via 10.9.0.1
      echo 1 > /proc/sys/net/ipv4/ip_forward
      iptables -P FORWARD DROP
  - name: ns0 reaches the internet
    in: ns0
    run: ping -c 2 -i 0.2 -W 1 203.0.113.10
    expect: { ping: ok }
`,
      },
      1,
    );
    expect(xml).toMatch(/why: FORWARD policy DROP \(\+\d+ packets?\) in host \(filter table\)/);
    expect(xml).toContain('host: ~ counter filter FORWARD policy 0 packets -&gt; 2 packets');
  });
});
