// Whether a command (a document's, a line of a step's script) is complete, or continues on the
// next lines: a trailing `\`, a here-document, an open quote, or a compound command
// (for/while/until ... done, if ... fi, case ... esac, { ... }) not yet closed. A reading aid,
// not a shell parser: docs run reads commands with it, audit takes a script's commands apart.

const OPENERS: Record<string, string> = { for: 'done', while: 'done', until: 'done', select: 'done', if: 'fi', case: 'esac', '{': '}' };
const CLOSERS = new Set(Object.values(OPENERS));

/** Words in command position (line start, or after ; & | && || ( ), outside quotes. */
function commandWords(text: string): string[] {
  const bare = text.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*$/gm, '');
  return [...bare.matchAll(/(?:^|[;&|()]|\bthen\b|\bdo\b|\belse\b)\s*([{}]|[a-z]+)(?=\s|;|$)/gm)].map((m) => m[1]!);
}

const openQuote = (text: string) =>
  (
    text
      .replace(/\\./g, '')
      .replace(/"[^"]*"|'[^']*'/g, '')
      .match(/['"]/) ?? []
  ).length > 0;

/** What the command still waits for, or undefined when it is complete. */
export function pendingEnd(text: string): string | undefined {
  const heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(text);
  if (heredoc && !new RegExp(`\\n\\s*${heredoc[1]}\\s*$`).test(text)) return `here-document "${heredoc[1]}"`;
  if (text.endsWith('\\')) return 'the line after the \\';
  if (openQuote(text)) return 'a closing quote';
  const stack: string[] = [];
  for (const w of commandWords(text)) {
    if (OPENERS[w]) stack.push(OPENERS[w]);
    else if (CLOSERS.has(w) && stack.at(-1) === w) stack.pop();
  }
  return stack.length ? `"${stack.at(-1)}"` : undefined;
}

/** The complete commands of a script, each with the index of its first line (comments and blank lines are none). */
export function scriptCommands(script: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let open: { text: string; line: number } | undefined;
  script.split('\n').forEach((line, i) => {
    if (open) {
      open.text += `\n${line}`;
      if (pendingEnd(open.text) === undefined) open = undefined;
      return;
    }
    if (!line.trim() || /^\s*#/.test(line)) return;
    const command = { text: line, line: i };
    out.push(command);
    if (pendingEnd(line) !== undefined) open = command;
  });
  return out;
}
