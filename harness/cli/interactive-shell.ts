// An interactive shell inside a live sandbox, for `shell` and `run --keep`: bash on a terminal
// of the sandbox's own (a pty its executor made inside), relayed to the user's terminal in raw
// mode, window size included. Nothing joins the sandbox from outside, and a program in the
// sandbox cannot push keystrokes (TIOCSTI) into the user's own terminal: it only reaches its pty.
// Without a terminal on stdin, what stdin carries is typed in, and its end closes the shell (^D).
import { constants } from 'node:os';
import type { Sandbox } from '../backends/backend.js';

const CTRL_D = '\x04';

/** Runs the shell until it exits; returns its exit status (128 + signal when killed). */
export async function interactiveShell(sandbox: Sandbox, prompt: string): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const term = sandbox.terminal(['bash', '--norc', '--noprofile', '-i'], {
    rows: stdout.rows || 24,
    cols: stdout.columns || 80,
    env: { PS1: prompt, TERM: process.env.TERM || 'dumb' },
  });
  term.onOutput((data) => stdout.write(data));
  const onInput = (data: Buffer) => term.write(data);
  const onEnd = () => term.write(CTRL_D);
  const onResize = () => term.resize(stdout.rows || 24, stdout.columns || 80);
  const raw = stdin.isTTY;
  if (raw) stdin.setRawMode(true);
  stdin.on('data', onInput);
  stdin.once('end', onEnd);
  stdout.on('resize', onResize);
  stdin.resume();
  try {
    const r = await term.done;
    return r.exitCode ?? 128 + (constants.signals[r.signal as NodeJS.Signals] ?? 1);
  } finally {
    stdin.off('data', onInput);
    stdin.off('end', onEnd);
    stdout.off('resize', onResize);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
  }
}

