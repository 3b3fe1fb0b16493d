import { describe, expect, it } from 'vitest';
import { problems } from '../../test/scenario-problems.js';
import { BUNDLED_SCENARIOS } from '../cli/select.js';
import { loadScenarios, parseScenario } from './load.js';

const head = 'id: t\ntitle: t\nsource: { doc: seeds/x.txt, section: s }\n';

describe('parseScenario', () => {
  it('reports YAML syntax errors with line and column', () => {
    const p = problems(`${head}steps:\n  - name: a\n    run: "unterminated\n  - name: b\n`);
    expect(p[0]).toMatch(/^\d+:\d+: Missing closing "quote/);
  });
  it('reports every problem of a file at once, at the offending key', () => {
    const p = problems(
      `${head}colour: red\nsteps:\n  - name: a\n    run: ip netns add ns0\n    expect:\n      pingg: ok\n  - name: b\n    run: x\n    timeout: 5q\n`,
    );
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^4:1: unknown key "colour"/),
        expect.stringMatching(/^9:7: unknown key "pingg"/),
        expect.stringMatching(/^12:14: not a duration: "5q"/),
      ]),
    );
  });
  it('reports wrong types and missing keys', () => {
    const p = problems('id: t\ntitle: 3\n');
    expect(p).toEqual(expect.arrayContaining([expect.stringMatching(/^2:8: Expected string/), expect.stringMatching(/missing required key "steps"/)]));
  });
  it('reports a netns that no earlier step creates', () => {
    const p = problems(`${head}steps:\n  - name: a\n    in: ns1\n    run: 'true'\n`);
    expect(p).toEqual([expect.stringMatching(/^6:9: unknown netns "ns1": no earlier step runs "ip netns add ns1"/)]);
  });
  it('knows namespaces made in a loop and the world only when declared', () => {
    expect(problems(`${head}steps:\n  - name: a\n    run: for i in 0 1; do ip netns add ns$i; done\n  - name: b\n    in: ns1\n    run: 'true'\n`)).toEqual([]);
    expect(problems(`${head}steps:\n  - name: a\n    in: client\n    run: 'true'\n`)[0]).toMatch(/declare world/);
  });
  it('rejects output checks on steps without a command, and unknown background ids', () => {
    const p = problems(`${head}steps:\n  - name: a\n    expect: { ping: ok }\n  - name: b\n    stop: nope\n`);
    expect(p).toEqual(
      expect.arrayContaining([expect.stringMatching(/"ping" judges a command's output/), expect.stringMatching(/no earlier background step has id "nope"/)]),
    );
  });
  it('keeps each step position', () => {
    const s = parseScenario(`${head}steps:\n  - name: a\n    run: 'true'\n  - name: b\n    run: 'true'\n`, 'x.yaml');
    expect(s.steps.map((st) => st.pos.line)).toEqual([5, 7]);
  });
});

describe('the bundled seed suite', () => {
  it('loads without a single problem, with unique ids', async () => {
    const { scenarios, errors } = await loadScenarios([BUNDLED_SCENARIOS]);
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
  });
});

describe('hints for common mistakes', () => {
  const head = 'id: x\ntitle: x\n';
  it('suggests the key that was meant, from the keys allowed at that place', () => {
    expect(problems(`${head}steps:\n  - name: a\n    run: ping -c1 127.0.0.1\n    expect: { pign: ok }\n`)).toEqual([
      '6:15: unknown key "pign" (did you mean "ping"?)',
    ]);
    expect(problems(`${head}steps:\n  - name: a\n    rnu: 'true'\n`)[0]).toBe('5:5: unknown key "rnu" (did you mean "run"?)');
    expect(problems(`${head}steps:\n  - name: a\n    zzzzzz: 'true'\n`)[0]).toBe('5:5: unknown key "zzzzzz"');
  });
  it('refuses a bare number where a duration is expected', () => {
    expect(problems(`${head}steps:\n  - name: a\n    timeout: 5\n    run: 'true'\n`)).toEqual(['5:14: a bare number is not a duration: write 5s or 5ms']);
  });
  it("explains a YAML indentation error in plain words beside the parser's text", () => {
    const [p] = problems(`${head}steps:\n  - name: a\n     run: 'true'\n`);
    expect(p).toMatch(/indent/i);
    expect(p).toMatch(/line up/);
  });
});
