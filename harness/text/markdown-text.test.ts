import { describe, expect, it } from 'vitest';
import { mdCode, mdText } from './markdown-text.js';
import { printable, xmlSafe } from './printable.js';

describe('text for terminals, Markdown and XML', () => {
  it('shows control characters and direction overrides instead of passing them on', () => {
    expect(printable('a\x1b]0;t\x07b\r::error::x\u202Ec\u009bd\n\tok')).toBe('a\\x1b]0;t\\x07b\\r::error::x\\u202ec\\x9bd\n\tok');
  });

  it('escapes Markdown so that text stays text, on one line', () => {
    expect(mdText('<script>alert(1)</script> | [x](javascript:1) *b* `c` ~~d~~ e_f\nnext 10.0.0.1-a')).toBe(
      '\\<script\\>alert(1)\\</script\\> \\| \\[x\\](javascript:1) \\*b\\* \\`c\\` \\~\\~d\\~\\~ e\\_f next 10.0.0.1-a',
    );
    expect(mdText('a & b')).toBe('a &amp; b');
  });

  it('makes a code span of anything, backticks and table pipes included', () => {
    expect(mdCode('file.yaml:3')).toBe('`file.yaml:3`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a|b\x1b')).toBe('`a\\|b\\x1b`');
  });

  it('keeps XML well-formed', () => {
    expect(xmlSafe('a\x01b\x1bc\nd\te')).toBe('a\ufffdb\ufffdc\nd\te');
  });
});
