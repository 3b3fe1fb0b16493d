import { describe, expect, it } from 'vitest';
import { updateDocument } from './transcript-update.js';

describe('updateDocument (docs run --update)', () => {
  it('rewrites only the differing lines, keeping markers, old volatile values, ^C and line ends', () => {
    const doc = [
      '```console',
      '$ ping x',
      'PING x',
      '64 bytes: icmp_seq=1 ttl=64 time=0.09 ms',
      '^C',
      'rtt .* (re)',
      '1 received, 50% loss',
      '...',
      'end',
      '```',
      '',
    ].join('\r\n');
    const machine = ['PING x', '64 bytes: icmp_seq=1 ttl=64 time=0.05 ms', '', 'rtt min/avg 1/2', '1 received, 0% loss', 'a', 'b', 'end'].join('\n');
    const lines = doc.split('\r\n').slice(2, 9);
    const out = updateDocument(doc, [{ spec: { lines, line: 3 }, output: machine }]);
    expect(out.split('\r\n')).toEqual([
      '```console',
      '$ ping x',
      'PING x',
      '64 bytes: icmp_seq=1 ttl=64 time=0.09 ms',
      '^C',
      'rtt .* (re)',
      '1 received, 0% loss',
      '...',
      'end',
      '```',
      '',
    ]);
  });

  it('writes an output the document did not show, and keeps a first-lines-only output short', () => {
    const doc = '$ a\n$ b\nline 1\n';
    const out = updateDocument(doc, [
      { spec: { lines: [], line: 2 }, output: 'new' },
      { spec: { lines: ['LINE 1'], line: 3, head: true }, output: 'line 1\nline 2' },
    ]);
    expect(out).toBe('$ a\nnew\n$ b\nline 1\n');
  });
});
