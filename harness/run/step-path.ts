// The commands a step finds first on its PATH, in every sandbox on every backend (the folder
// step-path/, written into the sandbox's /run before the first step): `tcpdump` that hands over
// every packet at once (--immediate-mode), so a capture stopped right after the traffic is
// complete whatever flags the author wrote; `sudo` that runs its command, since a step already
// runs as the sandbox's root. Steps, their terminals (set once per shell), backgrounds and
// skip_unless probes run with this PATH; requirement checks do not (a missing tcpdump stays
// missing).
import type { Sandbox } from '../backends/backend.js';
import { InfrastructureError } from '../errors.js';
import { scriptBeside } from '../exec/script-file.js';

/** Where they lie in the sandbox. */
export const STEP_COMMANDS_DIR = '/run/netrecipes/bin';
const DIR = STEP_COMMANDS_DIR;
const COMMANDS: Record<string, string> = {
  tcpdump: scriptBeside(import.meta.url, './step-path/tcpdump.sh'),
  sudo: scriptBeside(import.meta.url, './step-path/sudo.sh'),
};

/** Commands every step has whether the sandbox's system holds them or not. */
export const PROVIDED_COMMANDS = ['sudo'];

/** Goes first in a step's script (one line; typed once into a terminal): the folder ahead of the system's PATH. */
export const STEP_PATH = `PATH=${DIR}:$PATH; `;

const furnished = new WeakSet<Sandbox>();

/** Writes the commands into the sandbox, once, before its first step (Backend.furnish: a spare gets them while it waits). */
export async function installStepCommands(sandbox: Sandbox): Promise<void> {
  if (furnished.has(sandbox)) return;
  const names = Object.keys(COMMANDS);
  const write = `mkdir -p ${DIR} && cd ${DIR} && i=0 && for name in ${names.join(' ')}; do i=$((i + 1)); printf '%s' "\${!i}" > "$name" && chmod 755 "$name"; done`;
  const r = await sandbox.exec(['bash', '-c', write, 'step-path', ...Object.values(COMMANDS)], { timeoutMs: 10_000, label: 'install the step commands' });
  if (r.exitCode !== 0) throw new InfrastructureError(`could not write ${DIR} in the sandbox: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  furnished.add(sandbox);
}
