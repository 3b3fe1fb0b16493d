// One reading of a kernel's .config and of a kselftest-style config fragment: `CONFIG_X=y|m|value`
// lines, `# CONFIG_X is not set`, other comments and blank lines. A fragment that says something
// else on a line is told so with the line number; a full config never does.

/** An option's value as the kernel's config writes it: y (built in), m (module), n (off) or a value. */
export type ConfigValue = string;

/** What a check wants of an option: 'enabled' (y or m, either will do) or exactly a value. */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- a value is any string; the union names the one that is not a value
export type WantedValue = 'enabled' | ConfigValue;

export interface ConfigLine {
  name: string;
  value: ConfigValue;
  /** 1-based line of the file. */
  line: number;
}

interface ParsedKernelConfig {
  lines: ConfigLine[];
  /** Lines that are neither an option nor a comment. */
  problems: { line: number; message: string }[];
}

const SET = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/;
const UNSET = /^#\s*(CONFIG_[A-Za-z0-9_]+) is not set\s*$/;

export function parseKernelConfig(text: string): ParsedKernelConfig {
  const lines: ConfigLine[] = [];
  const problems: ParsedKernelConfig['problems'] = [];
  text.split('\n').forEach((raw, i) => {
    const t = raw.trim();
    const set = SET.exec(t);
    const unset = UNSET.exec(t);
    if (set) lines.push({ name: set[1]!, value: set[2]!.trim(), line: i + 1 });
    else if (unset) lines.push({ name: unset[1]!, value: 'n', line: i + 1 });
    else if (t && !t.startsWith('#'))
      problems.push({ line: i + 1, message: `not a kernel config line (CONFIG_NAME=y|m|value or "# CONFIG_NAME is not set"): ${t.slice(0, 80)}` });
  });
  return { lines, problems };
}

/** A config's options by name (the last line of a name wins, as in Kconfig). */
export function configOptions(text: string): Map<string, ConfigValue> {
  return new Map(parseKernelConfig(text).lines.map((l) => [l.name, l.value]));
}

/** `scripts/config --enable CONFIG_X ...` (then `make olddefconfig`): what turns `missing` on in a kernel tree. */
export function fixLine(missing: { option: string; want: WantedValue }[]): string {
  const args = [...new Map(missing.map((m) => [m.option, m])).values()].map((m) =>
    m.want === 'enabled' || m.want === 'y'
      ? `--enable ${m.option}`
      : m.want === 'n'
        ? `--disable ${m.option}`
        : m.want === 'm'
          ? `--module ${m.option}`
          : `--set-val ${m.option} ${m.want}`,
  );
  return `scripts/config ${args.join(' ')} && make olddefconfig`;
}

/** Whether a value turns an option on (built in or as a module). */
export function isEnabled(value: ConfigValue | undefined): boolean {
  return value === 'y' || value === 'm';
}
