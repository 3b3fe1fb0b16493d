import { describe, expect, it } from 'vitest';
import type { StepResult } from '../run/results.js';
import { macConflicts } from './mac-consistency.js';

const shown = (line: number, doc: string[], machine: string) =>
  ({ step: { expect: { transcript: { lines: doc, file: 'd.md', line } } }, result: { stdout: machine, stderr: '' }, verdicts: [] }) as unknown as StepResult;

describe('macConflicts', () => {
  it('accepts one device shown twice with one MAC, and ignores broadcast', () => {
    expect(
      macConflicts([
        shown(3, ['link/ether 3a:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff'], 'link/ether 9e:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff'),
        shown(9, ['lladdr 3a:00:00:00:00:01'], 'lladdr 9e:11:22:33:44:55'),
      ]),
    ).toEqual([]);
  });
  it('finds one device shown with two MACs (spliced outputs)', () => {
    const c = macConflicts([
      shown(3, ['link/ether 3a:00:00:00:00:01'], 'link/ether 9e:11:22:33:44:55'),
      shown(9, ['lladdr 3a:00:00:00:00:02'], 'lladdr 9e:11:22:33:44:55'),
    ]);
    expect(c).toEqual([
      {
        file: 'd.md',
        line: 9,
        why: 'the document shows 3a:00:00:00:00:02 here and 3a:00:00:00:00:01 at line 3 for one device (9e:11:22:33:44:55 on the machine): outputs from different runs?',
      },
    ]);
  });
  it('finds two devices shown with one MAC', () => {
    const c = macConflicts([shown(3, ['a 3a:00:00:00:00:01', 'b 3a:00:00:00:00:01'], 'a 9e:11:22:33:44:55\nb 9e:11:22:33:44:66')]);
    expect(c.map((x) => x.line)).toEqual([4]);
  });
});
