import { describe, expect, it } from 'vitest';
import { problems } from '../../test/scenario-problems.js';
import { parseScenario } from './load.js';

const head = 'id: t\ntitle: t\nsource: { doc: seeds/x.txt, section: s }\n';
const steps = "steps:\n  - name: a\n    run: 'true'\n";

describe('resources (issue 23)', () => {
  it('memory is a size in powers of 1024, in bytes once loaded; none by default', () => {
    expect(parseScenario(`${head}resources: { memory: 2GiB }\n${steps}`, 'x.yaml').resources.memory).toBe(2 * 2 ** 30);
    expect(parseScenario(`${head}${steps}`, 'x.yaml').resources).toEqual({});
  });
  it('a bad size, a size too small or an unknown key is an error at its position', () => {
    expect(problems(`${head}resources: { memory: lots, cpu: 2 }\n${steps}`)).toEqual([
      expect.stringMatching(/^4:22: not a memory size: "lots" \(write 512MiB, 2GiB/),
      expect.stringMatching(/^4:28: unknown key "cpu"/),
    ]);
    expect(problems(`${head}resources: { memory: 16MiB }\n${steps}`)).toEqual([expect.stringMatching(/^4:22: a sandbox needs at least 64 MiB/)]);
  });
});
