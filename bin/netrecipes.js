#!/usr/bin/env node
// Entry point. An installed package runs its compiled JavaScript (dist/). A source checkout runs
// the same, unless a TypeScript source is newer than that build (or there is none): then the
// sources run through tsx, so an edit is never hidden behind a stale dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist/.build-stamp');
const sources = join(root, 'harness');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const built = existsSync(stamp) && (!existsSync(sources) || newestSource(sources) <= statSync(stamp).mtimeMs);
let entry = '../dist/cli/main.js';
if (!built) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = '../harness/cli/main.ts';
}
// A Ctrl-C while the CLI's modules still load must already end the run cleanly (reports written).
const { watchInterrupts } = await import(built ? '../dist/cli/interrupt.js' : '../harness/cli/interrupt.ts');
watchInterrupts();
// `netrecipes list | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
const { main } = await import(entry);
process.exitCode = await main(process.argv);
