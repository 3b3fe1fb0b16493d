// Which commands a reader types open a shell that reads the next commands (`ip netns exec red
// bash`, `nsenter --net=...`, `sudo -i`), which ones read their input from the terminal (`cat`,
// `nc -l`), and so what a Ctrl-D typed after them ends.

/** A command that leaves the reader in a new interactive shell (no command of its own to run). */
const OPENS_SHELL = [
  /^(?:ip\s+(?:-\S+\s+)*netns\s+exec\s+\S+\s+)?(?:\/\S*\/)?(?:bash|sh|zsh|dash|ash)(?:\s+-[il]+)*\s*$/,
  /^nsenter(?:\s+-{1,2}[\w-]+(?:[= ]\S+)?)*\s*$/,
  /^unshare(?:\s+-{1,2}[\w-]+(?:=\S+)?)*\s*$/,
  /^su(?:\s+-|\s+root)?\s*$/,
  /^sudo\s+(?:-i|-s|su)\s*$/,
];

/** Commands that read the terminal until its end of input (Ctrl-D ends them, not the shell). */
const READS_INPUT = /^(?:cat|tee|nc|ncat|socat|python3?|bc|read)\b(?!.*<)/;

export const opensShell = (command: string) => OPENS_SHELL.some((re) => re.test(command.trim()));
export const readsInput = (command: string) => READS_INPUT.test(command.trim());
