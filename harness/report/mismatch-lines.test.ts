import { describe, expect, it } from 'vitest';
import type { StepResult } from '../run/results.js';
import { mismatchLines } from './mismatch-lines.js';

const failed = (actual: string) => ({ verdicts: [{ kind: 'transcript', ok: false, expected: 'output', actual }] }) as unknown as StepResult;

describe('mismatchLines', () => {
  it('gives the first differing lines of a failed transcript, without the diff header', () => {
    const actual = ['2 mismatches', '--- document', '+++ machine', '@@ doc.md:11 @@', '- two', '+ TWO', '@@ doc.md:14 @@', '- six', '+ SIX'].join('\n');
    expect(mismatchLines(failed(actual))).toEqual(['@@ doc.md:11 @@', '- two', '+ TWO', '@@ doc.md:14 @@', '- six', '+ SIX']);
    expect(mismatchLines(failed(actual), 3)).toEqual(['@@ doc.md:11 @@', '- two', '+ TWO', '… 3 more lines in the reports']);
  });

  it('gives nothing for a step that passed or failed for another reason', () => {
    expect(mismatchLines(undefined)).toEqual([]);
    expect(mismatchLines({ verdicts: [{ kind: 'exit', ok: false, expected: '0', actual: '1' }] })).toEqual([]);
  });
});
