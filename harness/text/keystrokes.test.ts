import { describe, expect, it } from 'vitest';
import { keystrokeOf } from './keystrokes.js';

describe('keystrokeOf', () => {
  it('reads the ways documents show Ctrl-C and Ctrl-D, and nothing else', () => {
    for (const l of ['^C', '  ^C', 'Ctrl+C', 'ctrl-c', '<Ctrl-C>', '<Ctrl+C>', 'CTRL+C']) expect(keystrokeOf(l), l).toBe('interrupt');
    for (const l of ['^D', 'Ctrl+D', '<Ctrl-D>', 'CTRL-D']) expect(keystrokeOf(l), l).toBe('end-of-input');
    for (const l of ['press Ctrl+C to stop', 'C', '^Cx', '']) expect(keystrokeOf(l), l).toBeUndefined();
  });
});
