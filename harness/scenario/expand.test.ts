import { describe, expect, it } from 'vitest';
import { problems } from '../../test/scenario-problems.js';
import { parseScenario } from './load.js';

const head = 'id: t\ntitle: t\n';

describe('vars', () => {
  it('replaces ${name} in run, in, names and expectations at load, and leaves the shell its own', () => {
    const s = parseScenario(
      `${head}vars: { ns: blue, ip: 10.0.0.2, port: 5000 }
steps:
  - name: make \${ns}
    run: ip netns add \${ns}; for i in 1 2; do echo \${i}; done
  - name: in \${ns}
    in: \${ns}
    run: ip addr
    expect: { addresses: { has: [{ local: "\${ip}" }] }, stdout: ":\${port}" }
`,
      'x.yaml',
    );
    expect(s.steps[0]).toMatchObject({ name: 'make blue', run: 'ip netns add blue; for i in 1 2; do echo ${i}; done' });
    expect(s.steps[1]).toMatchObject({ name: 'in blue', in: 'blue', expect: { addresses: { has: [{ local: '10.0.0.2' }] }, stdout: ':5000' } });
    expect(s.vars).toEqual({ ns: 'blue', ip: '10.0.0.2', port: '5000' });
  });
  it('an unknown ${x} in an expectation is a file error at its position; a saved one is not', () => {
    const p = problems(`${head}vars: { ip: 10.0.0.2 }
steps:
  - name: save
    run: echo 7
    save: { IDX: '(\\d+)' }
    expect: { stdout: "\${IDX}" }
  - name: use
    run: echo 7
    expect: { stdout: "\${IDX} \${ipp}" }
`);
    expect(p).toEqual(["11:23: unknown variable ${ipp}: not in vars:, a repeat: item or an earlier step's save:"]);
  });
  it('a value saved only by a later step is an error in commands and expectations', () => {
    const p = problems(`${head}steps:
  - name: too early
    run: echo $X \${X}
    expect: { stdout: "\${X}" }
  - name: save
    run: echo 7
    save: { X: '(\\d+)' }
`);
    expect(p).toEqual(['5:10: ${X} is saved only later, by step 2', '6:23: ${X} is saved only later, by step 2']);
  });
  it('in: with an unknown ${x} is an error, and a var name that a step also saves', () => {
    const p = problems(`${head}vars: { X: a }
steps:
  - name: n
    in: \${nosuch}
    run: echo 7
    save: { X: '(\\d+)' }
`);
    expect(p).toEqual([
      '6:9: unknown variable ${nosuch}: in takes vars and repeat items only (saved values are for commands and expectations)',
      '8:16: "X" is a scenario var too: a saved value would hide it; rename one of them',
    ]);
  });
  it("name: with a ${x} nothing substitutes is an error in a scenario file (a document's names quote its commands)", () => {
    const p = problems(`${head}steps:\n  - name: ping \${PEER}\n    run: ping -c 1 \${PEER}\n`);
    expect(p).toEqual(['4:11: unknown variable ${PEER}: name takes vars and repeat items only (saved values are for commands and expectations)']);
  });
  it('var names are checked by the schema', () => {
    expect(problems(`${head}vars: { 1ns: a }\nsteps:\n  - name: n\n    run: "true"\n`)).toEqual([
      expect.stringMatching(/^3:\d+: variable names use letters, digits and _/),
    ]);
  });
});

const REPEAT = `${head}vars: { br: 10.0.0.1 }
steps:
  - name: a bridge
    run: ip link add br0 type bridge
  - repeat:
      for: [{ ns: ns1, ip: 10.0.0.2 }, { ns: ns2, ip: 10.0.0.3 }]
      steps:
        - name: make \${ns}
          run: ip netns add \${ns}
        - name: \${ns} reaches the bridge
          in: \${ns}
          run: ping -c 1 -W 1 \${br}
          expect: { ping: ok, addresses: { has: [{ local: "\${ip}" }] } }
  - name: after
    run: "true"
`;

describe('repeat', () => {
  it('unrolls its steps once per item, numbered in order, each at its place in the YAML', () => {
    const s = parseScenario(REPEAT, 'x.yaml');
    expect(s.steps.map((st) => [st.index, st.name, st.in, st.pos.line])).toEqual([
      [0, 'a bridge', 'host', 5],
      [1, 'make ns1', 'host', 10],
      [2, 'ns1 reaches the bridge', 'ns1', 12],
      [3, 'make ns2', 'host', 10],
      [4, 'ns2 reaches the bridge', 'ns2', 12],
      [5, 'after', 'host', 16],
    ]);
    expect(s.steps[4]).toMatchObject({ run: 'ping -c 1 -W 1 10.0.0.1', expect: { addresses: { has: [{ local: '10.0.0.3' }] } } });
  });
  it('an error in a repeated step points at the step as written, once', () => {
    const p = problems(REPEAT.replace('in: ${ns}', 'in: ${ns}\n          pign: ok'));
    expect(p).toEqual(['14:11: unknown key "pign"']);
  });
  it('check sees the copies: a netns made by the repeat is known to later steps, an unknown one is not', () => {
    expect(problems(REPEAT.replace('in: ${ns}', 'in: x${ns}'))).toEqual([
      '13:15: unknown netns "xns1": no earlier step runs "ip netns add xns1"; known: host, ns1',
      '13:15: unknown netns "xns2": no earlier step runs "ip netns add xns2"; known: host, ns1, ns2',
    ]);
  });
  it('items with different keys, a key never used, a key that is a var, and copies with one name are errors', () => {
    const p = problems(`${head}vars: { br: b }
steps:
  - repeat:
      for: [{ ns: ns1, unused: 1, br: x }, { ns: ns2 }]
      steps:
        - name: make it
          run: ip netns add \${ns}
`);
    expect(p).toEqual([
      '6:32: "unused" is never used as ${unused} in the repeated steps',
      '6:39: "br" is also a scenario var: rename one of them',
      '6:44: every item needs the same keys: this one has ns, the first ns, unused, br',
      '8:17: the copies of this step need different names: use an item key in it, like ${ns}',
    ]);
  });
  it('a malformed repeat is a file error at its key', () => {
    expect(problems(`${head}steps:\n  - repeat:\n      for: []\n      steps: [{ name: a, run: "true" }]\n      each: 1\n`)).toEqual([
      expect.stringMatching(/^5:\d+: Array must contain at least 1/),
      expect.stringMatching(/^7:7: unknown key "each"/),
    ]);
  });
});
