#!/usr/bin/env node
// Entry point. An installed package runs its compiled JavaScript (dist/). A source checkout runs
// the same, unless a TypeScript source is newer than that build (or there is none): then the
// sources run through tsx, so an edit is never hidden behind a stale dist/.
import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from './dist-freshness.js';

const built = distIsCurrent(fileURLToPath(new URL('..', import.meta.url)));
let entry = '../dist/cli/main.js';
if (!built) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = '../harness/cli/main.ts';
}
// A Ctrl-C while the CLI's modules still load must already end the run cleanly (reports written).
const { watchInterrupts, interruptRun } = await import(built ? '../dist/cli/interrupt.js' : '../harness/cli/interrupt.ts');
watchInterrupts();
// `netrecipes list | head` closes the pipe early: that is not an error. A run whose reader goes
// away (EPIPE) stops as interrupted, as with a closed terminal (EIO, with SIGHUP): it writes its
// reports and exits 130, never 0 for a run that did not finish.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err) => {
    if (err.code === 'EPIPE' && !interruptRun(`${stream === process.stdout ? 'standard output' : 'standard error'} closed`))
      process.exit(process.exitCode ?? 0);
    if (err.code === 'EPIPE' || err.code === 'EIO' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
const terminals = [0, 1, 2].filter((fd) => isatty(fd));
const { main } = await import(entry);
process.exitCode = await main(process.argv);
// A terminal closed under the run no longer answers; Node 20 aborts at exit when it cannot
// restore a terminal's settings (nodejs/node#51519, fixed in later releases): let go of it first.
for (const fd of terminals) if (!isatty(fd)) closeSync(fd);
