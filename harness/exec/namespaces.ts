// Scripts that look at every network namespace of a sandbox share one walk (namespaces.sh). They
// run inside the sandbox, where the harness's files are not (a QEMU guest, a container), so the
// library is not sourced from disk: its text goes before the script's, one `bash -c` text.
import { scriptBeside } from './script-file.js';

/** namespaces.sh's text: its functions, and nullglob and dotglob set. */
export const NAMESPACES_LIBRARY = scriptBeside(import.meta.url, './namespaces.sh');

/** The script `relative` (beside the module `base`) after namespaces.sh, ready for `bash -c`. */
export function namespaceScript(base: string, relative: string): string {
  return `${NAMESPACES_LIBRARY}\n${scriptBeside(base, relative)}`;
}
