// Values a reader fills in before typing a command: `<the-peer-address>`, `<public_ip>`,
// `YOUR_IP`. A command that holds one is never run with the literal text. A `bind="NAME=REGEX"`
// directive on an earlier command saves the value from that command's output (the regex's first
// group), and the placeholder becomes that shell variable.

const PLACEHOLDER = /<([A-Za-z][\w.-]*)>|(?<![\w$.{-])((?:YOUR|MY)_[A-Z0-9_]+)\b(?!=)/g;

export interface Placeholder {
  /** As written: `<public_ip>`, `YOUR_IP`. */
  text: string;
  /** What a bind directive names it: `public_ip`, `YOUR_IP`. */
  name: string;
}

/** The variable a placeholder's value is saved in, as scenarios name variables (`the-peer-address` -> `THE_PEER_ADDRESS`). */
export const variableOf = (name: string) => name.replace(/\W/g, '_').replace(/^(\d)/, '_$1').toUpperCase();

/** The command without the body of a here-document (its text is data, not placeholders). */
const withoutHereDocBody = (command: string) => (/<<-?\s*['"]?\w+/.test(command.split('\n')[0]!) ? command.split('\n')[0]! : command);

/** The placeholders in a command, each once, in order. */
export function placeholdersIn(command: string): Placeholder[] {
  const seen = new Map<string, Placeholder>();
  for (const m of withoutHereDocBody(command).matchAll(PLACEHOLDER)) if (!seen.has(m[0])) seen.set(m[0], { text: m[0], name: m[1] ?? m[2]! });
  return [...seen.values()];
}

/** The command with each placeholder of `bound` (names) replaced by its variable, quoted as the place needs. */
export function fillPlaceholders(command: string, bound: ReadonlySet<string>): string {
  const at = new RegExp(PLACEHOLDER.source, 'y'); // matches at lastIndex only: one look per character
  let quote: string | undefined;
  let out = '';
  for (let i = 0; i < command.length; ) {
    const ch = command[i]!;
    if (quote === undefined && (ch === '"' || ch === "'")) quote = ch;
    else if (ch === quote) quote = undefined;
    at.lastIndex = i;
    const m = at.exec(command);
    if (m && bound.has(m[1] ?? m[2]!)) {
      const v = `\${${variableOf(m[1] ?? m[2]!)}}`;
      out += quote === '"' ? v : quote === "'" ? `'"${v}"'` : `"${v}"`;
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** A bind directive's value, `NAME=REGEX`, or undefined when it is not of that form. */
export function bindingOf(value: string): { name: string; regex: string } | undefined {
  const m = /^<?([A-Za-z][\w.-]*)>?=(.+)$/.exec(value);
  return m ? { name: m[1]!, regex: m[2]! } : undefined;
}

/** What the report says of a placeholder nothing binds. */
export const needsValue = (p: Placeholder) =>
  `${p.text}: bind it from an earlier output, <!-- netrecipes: bind="${p.name}=REGEX" --> before the command that prints it`;
