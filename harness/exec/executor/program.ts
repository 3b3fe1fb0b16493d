// The program every sandbox's PID 1 becomes, and a QEMU guest's agent is: executor.py, shipped
// beside this module (build.js copies it into dist/). Its text goes into the netns staging area
// (compiled once per run), a container's run folder and a guest's initrd (compiled at boot).
import { fileURLToPath } from 'node:url';
import { scriptBeside } from '../script-file.js';

/** The text of executor.py. */
export const EXECUTOR_SOURCE = scriptBeside(import.meta.url, './executor.py');

/** Where executor.py lies on this machine (a guest's root image gets a copy). */
export const EXECUTOR_FILE = fileURLToPath(new URL('./executor.py', import.meta.url));

/** How long a new executor may take to say hello (python3 starts in ~12 ms here; a busy machine or a TCG guest is slower). */
export const EXECUTOR_START_TIMEOUT_MS = 15_000;
