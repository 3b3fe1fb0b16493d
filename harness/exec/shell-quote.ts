// One way to put any text into a bash command line as a single word.

/** 'it'\''s' — single quotes, with embedded single quotes closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
