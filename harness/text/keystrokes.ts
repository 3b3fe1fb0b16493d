// Keys a document shows its reader pressing, on a line of their own: `^C`, `Ctrl+C`, `Ctrl-C`,
// `<Ctrl-C>`, `CTRL+C`, and the same for D (end of input). One spelling for every reader of
// documents and outputs.

export type Keystroke = 'interrupt' | 'end-of-input';

const KEYSTROKE = /^\s*(?:\^([CD])|<?\s*ctrl\s*[-+]\s*([cd])\s*>?)\s*$/i;

/** The key a line shows being pressed, or undefined when the line is anything else. */
export function keystrokeOf(line: string): Keystroke | undefined {
  const m = KEYSTROKE.exec(line);
  if (!m) return undefined;
  return (m[1] ?? m[2]!).toUpperCase() === 'C' ? 'interrupt' : 'end-of-input';
}

/** A line that is only the author's Ctrl-C (the terminal echoes `^C` where the output stopped). */
export const isInterruptLine = (line: string) => keystrokeOf(line) === 'interrupt';
