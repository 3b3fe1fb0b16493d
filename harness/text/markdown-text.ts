// Text from a scenario or a sandbox inside GitHub-flavoured Markdown (summary.md, the job
// summary, matrix.md, docs-run.md): it must read as the text it is, never as markup (no raw
// <script> or <img onerror>, no link, no table cell split by a |), and never drive a terminal.
import { printable } from './printable.js';

/**
 * `text` as plain Markdown text inside a line (a table cell, after a list marker or a heading's
 * #): every character that starts markup there is escaped (emphasis, code, links and images,
 * HTML, strikethrough, a cell's |, entities); dots and dashes stay readable.
 */
export function mdText(text: string): string {
  return printable(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => (c === '&' ? '&amp;' : `\\${c}`));
}

/** `text` as an inline code span on one line (a table cell may hold it: | is escaped, GFM reads it). */
export function mdCode(text: string): string {
  const body = printable(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block holding `body` as it is (control characters shown): the fence is longer than any run of backticks inside. */
export function mdBlock(lang: string, body: string): string {
  const text = printable(body);
  const fence = '`'.repeat(Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}
