#!/usr/bin/env node
// Entry point: loads the TypeScript sources through tsx (no build step), runs the CLI, exits
// with its code.
import { register } from 'tsx/esm/api';

register();
// A Ctrl-C while the CLI's modules still load must already end the run cleanly (reports written).
const { watchInterrupts } = await import('../harness/cli/interrupt.ts');
watchInterrupts();
// `netrecipes list | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv);
