import { describe, expect, it } from 'vitest';
import { utf8Pieces } from './staged-script.js';

describe('utf8Pieces', () => {
  it('cuts text into pieces of at most N bytes, never inside a character', () => {
    const text = 'aé€😀'.repeat(1000);
    const pieces = utf8Pieces(text, 7);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(7);
    expect(pieces.every((p) => !p.includes('\uFFFD'))).toBe(true);
  });
});
