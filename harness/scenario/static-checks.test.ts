import { describe, expect, it } from 'vitest';
import { problems } from '../../test/scenario-problems.js';

const head = 'id: t\ntitle: t\nsource: { doc: seeds/x.txt, section: s }\n';

describe('patterns a linear-time engine cannot run (issue 23)', () => {
  it('are scenario-file errors at their position, in plain words, wherever they sit', () => {
    const p = problems(`${head}steps:
  - name: a
    run: echo hi
    save: { X: '(a)\\1' }
    expect:
      stdout: { regex: ['hi(?=$)'] }
      routes: { has: [{ dst: '/(?<!10)\\.0/' }] }
`);
    expect(p).toEqual([
      expect.stringMatching(/^7:16: invalid regex \/\(a\)\\1\/: it has a backreference.*linear-time engine \(RE2\)/),
      expect.stringMatching(/^9:25: invalid regex .*lookahead/),
      expect.stringMatching(/^10:30: invalid regex .*lookbehind/),
    ]);
  });
  it('in ready.output and xfail.failure too', () => {
    const p = problems(`${head}steps:
  - name: a
    background: sleep 5
    ready: { output: 'x(?!y)' }
  - name: b
    run: 'false'
    xfail: { reason: r, failure: '/(x)\\1/' }
`);
    expect(p).toEqual([expect.stringMatching(/^7:22: invalid regex .*lookahead/), expect.stringMatching(/^10:34: invalid regex .*backreference/)]);
  });
});
