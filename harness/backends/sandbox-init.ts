// The text of sandbox-init.sh, run once in every fresh sandbox host on every backend (pinned
// sysctls, lo up, no resolver): part of making a sandbox, so it lives with the backends.
import { scriptBeside } from '../exec/script-file.js';

export const SANDBOX_INIT_SCRIPT = scriptBeside(import.meta.url, './sandbox-init.sh');
