// Shell scripts that ship beside the module using them (world.sh, diagnostics.sh...), read once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The text of `relative`, resolved against the calling module's `import.meta.url`. */
export function scriptBeside(base: string, relative: string): string {
  return readFileSync(fileURLToPath(new URL(relative, base)), 'utf8');
}
