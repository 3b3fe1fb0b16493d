// vars: and repeat: end to end: the copies of a repeated topology run in a real netns sandbox
// under their own names, a failing copy is named, and check catches an unknown ${x} at its line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAD, cli, scenarioDir, tempDir } from './helpers.js';

const TOPOLOGY = (second: string) => `vars: { bridge_ip: 10.9.0.1 }
steps:
  - name: a bridge
    run: ip link add br0 type bridge && ip addr add \${bridge_ip}/24 dev br0 && ip link set br0 up
  - repeat:
      for: [{ ns: ns1, ip: 10.9.0.2 }, { ns: ns2, ip: ${second} }]
      steps:
        - name: \${ns} on the bridge
          run: |
            ip netns add \${ns}
            ip link add v-\${ns} type veth peer name eth0 netns \${ns}
            ip link set v-\${ns} master br0 up
            ip -n \${ns} addr add \${ip}/24 dev eth0
            ip -n \${ns} link set eth0 up
        - name: \${ns} reaches the bridge
          in: \${ns}
          run: ping -c 1 -W 2 \${bridge_ip}
          expect: { ping: ok }
`;

const run = async (yaml: string) => {
  const out = await tempDir();
  const r = await cli(['run', await scenarioDir({ 't.yaml': yaml }), '--backend', 'netns', '--out', out]);
  return { ...r, junit: () => readFileSync(join(out, 'junit.xml'), 'utf8') };
};

describe.concurrent('vars and repeat in a netns sandbox', () => {
  it('every copy of a repeated topology runs, under its own name', async () => {
    const r = await run(`${HEAD('repeat-pass')}${TOPOLOGY('10.9.0.3')}`);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.junit()).toContain('name="05 ns2 reaches the bridge"');
    expect(r.all).toMatch(/5\/5 steps/);
  });
  it('a copy that fails is the one named', async () => {
    const r = await run(`${HEAD('repeat-fail')}${TOPOLOGY('10.8.0.3')}`);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/ns2 reaches the bridge.*ping: expected/);
    expect(r.all).not.toMatch(/ns1 reaches the bridge.*ping: expected/);
  });
  it('check names an unknown ${x} in an expectation at its line', async () => {
    const yaml = `${HEAD('repeat-check')}${TOPOLOGY('10.9.0.3').replace('{ ping: ok }', '{ stdout: "from ${bridge_ipp}" }')}`;
    const r = await cli(['check', await scenarioDir({ 'c.yaml': yaml })]);
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toMatch(/c\.yaml:21:\d+: unknown variable \$\{bridge_ipp\}/);
  });
});
