import { describe, expect, it } from 'vitest';
import { TerminalText } from './terminal-text.js';

const read = (chunks: string[]) => {
  const t = new TerminalText();
  return chunks.map((c) => t.push(c)).join('');
};

describe('TerminalText', () => {
  it('reads a CRLF split between two chunks as one line end (seq 30000 printed extra blank lines)', () => {
    expect(read(['1\r\n2\r', '\n3\r\n'])).toBe('1\n2\n3\n');
  });

  it('drops a bracketed-paste switch split between chunks, and keeps a lone CR a line end', () => {
    expect(read(['a\x1b[?20', '04hb\rc\r', 'd'])).toBe('ab\nc\nd');
  });

  it('holds back nothing that cannot start either', () => {
    const t = new TerminalText();
    expect(t.push('x\x1b[1m')).toBe('x\x1b[1m');
  });
});
