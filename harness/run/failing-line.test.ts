import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../exec/command-result.js';
import { takeFailedLine } from './failing-line.js';

const r = (stderr: string, exitCode = 1): CommandResult => ({
  command: 'a\nb\nc',
  exitCode,
  signal: undefined,
  stdout: '',
  stderr,
  timedOut: false,
  durationMs: 1,
});

describe('takeFailedLine', () => {
  it('takes the last marker out of stderr and counts lines from the script, not the prefix', () => {
    const out = takeFailedLine(r('oops\nnetrecipes-failed-line 4\n'), "export A='x\ny'; ");
    expect(out).toMatchObject({ stderr: 'oops\n', failedLine: 3 });
  });
  it('leaves a result without a marker alone, and names no line for a success', () => {
    expect(takeFailedLine(r('plain\n'), '')).toEqual(r('plain\n'));
    expect(takeFailedLine(r('netrecipes-failed-line 1\n', 0), '').failedLine).toBeUndefined();
  });
});
