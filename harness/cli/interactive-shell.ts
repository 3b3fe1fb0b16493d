// An interactive shell inside a live sandbox, for `shell` and `run --keep`: bash on a terminal
// of the sandbox's own (a pty its executor made inside), relayed to the user's terminal in raw
// mode, window size included. Nothing joins the sandbox from outside, and a program in the
// sandbox cannot push keystrokes (TIOCSTI) into the user's own terminal: it only reaches its pty.
// Without a terminal on stdin, what stdin carries is typed in, and its end closes the shell: ^D
// as a user would press it, again until the shells typed into it have all ended. SIGTERM or
// SIGHUP to the harness hangs the sandbox's terminal up, as a closed window would.
import { constants } from 'node:os';
import type { Sandbox } from '../backends/backend.js';
import { SANDBOX_ENV } from '../exec/process.js';
import { STEP_COMMANDS_DIR } from '../run/step-path.js';

const CTRL_D = '\x04';
/** How often ^D is pressed again once stdin has ended (a ^D that came while no shell read is lost). */
const CTRL_D_EVERY_MS = 300;

/** Runs the shell until it exits; returns its exit status (128 + signal when killed). */
export async function interactiveShell(sandbox: Sandbox, prompt: string): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const term = sandbox.terminal(['bash', '--norc', '--noprofile', '-i'], {
    rows: stdout.rows || 24,
    cols: stdout.columns || 80,
    // the commands every step finds first (sudo, tcpdump that hands packets over at once)
    env: { PS1: prompt, TERM: process.env.TERM || 'dumb', PATH: `${STEP_COMMANDS_DIR}:${SANDBOX_ENV.PATH}` },
  });
  term.onOutput((data) => stdout.write(data));
  let pressing: NodeJS.Timeout | undefined;
  const onInput = (data: Buffer) => term.write(data);
  const onEnd = () => {
    term.write(CTRL_D);
    pressing = setInterval(() => term.write(CTRL_D), CTRL_D_EVERY_MS);
  };
  const onResize = () => term.resize(stdout.rows || 24, stdout.columns || 80);
  const hangUp = () => term.signal('SIGHUP');
  const raw = stdin.isTTY;
  if (raw) stdin.setRawMode(true);
  stdin.on('data', onInput);
  stdin.once('end', onEnd);
  stdout.on('resize', onResize);
  for (const sig of ['SIGTERM', 'SIGHUP'] as const) process.on(sig, hangUp);
  stdin.resume();
  try {
    const r = await term.done;
    return r.exitCode ?? 128 + (constants.signals[r.signal as NodeJS.Signals] ?? 1);
  } finally {
    clearInterval(pressing);
    stdin.off('data', onInput);
    stdin.off('end', onEnd);
    stdout.off('resize', onResize);
    for (const sig of ['SIGTERM', 'SIGHUP'] as const) process.off(sig, hangUp);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
  }
}
