// An option that takes a value never takes the next option as its value: `--tap --out DIR`, a
// FILE forgotten, would write a file called "--out" into the working folder. A value that only
// starts with a dash is still a value (`--tap -` is standard output, `--filter -snat` a regex).
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

/** The options `cmd` and the commands above it know, as typed: --out, -v, --help... */
function knownFlags(cmd: Command): Set<string> {
  const flags = new Set(['-h', '--help', '-V', '--version']);
  for (let c: Command | null = cmd; c; c = c.parent) for (const o of c.options) for (const f of [o.long, o.short]) if (f) flags.add(f);
  return flags;
}

/** Throws a UsageError when a value typed for an option of `cmd` is itself an option. */
export function rejectOptionsAsValues(cmd: Command): void {
  const flags = knownFlags(cmd);
  const isOption = (v: string) => /^--[A-Za-z]/.test(v) || flags.has(v.split('=')[0]!);
  for (const o of cmd.options) {
    if (!o.required && !o.optional) continue; // a switch takes no value
    const name = o.attributeName();
    if (cmd.getOptionValueSource(name) !== 'cli') continue;
    for (const v of [cmd.getOptionValue(name) as unknown].flat())
      if (typeof v === 'string' && isOption(v))
        throw new UsageError(
          `${o.long} takes a value, and "${v}" is an option: write ${o.flags.replace(/^-\w, /, '').replace(/[<[](\w+)[>\]]/, (_, n: string) => n.toUpperCase())}`,
        );
  }
}
