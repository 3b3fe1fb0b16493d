// `netrecipes run --watch`: run the selected scenarios once, then rerun each scenario file that
// changes, on save (node's fs.watch on the folders that hold them: editors that save by
// renaming a new file over the old one are seen too), until Ctrl-C. A Ctrl-C during a run ends
// it the way it ends any run (its sandboxes torn down at once, reports written); while waiting,
// it just stops watching.
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pc from 'picocolors';
import type { Project } from '../config/project-config.js';
import { UsageError } from '../errors.js';
import { printable } from '../text/printable.js';
import { EXIT } from './exit-codes.js';
import { watchInterrupts } from './interrupt.js';
import { runCommand, type RunOptions } from './run-command.js';
import { defaultScenarioPaths } from './select.js';
import { loadProject } from '../config/project-config.js';
import { displayPath } from '../scenario/validate.js';

/** Saves come as bursts of events (write, rename, chmod): a rerun waits this long after the last. */
const SETTLE_MS = 200;
const SCENARIO_FILE = /\.ya?ml$/i;

/** Watches `paths` (files: their folder, for that file; folders: everything below); calls `changed` with each scenario file saved. */
function watchPaths(paths: string[], changed: (file: string) => void): FSWatcher[] {
  return paths.map((p) => {
    const path = resolve(p);
    const folder = existsSync(path) && statSync(path).isDirectory();
    const dir = folder ? path : dirname(path);
    return watch(dir, { recursive: folder }, (_event, name) => {
      if (!name) return;
      const file = join(dir, name.toString());
      if ((folder ? SCENARIO_FILE.test(file) : file === path) && existsSync(file)) changed(file);
    });
  });
}

export async function watchCommand(paths: string[], opts: RunOptions, project?: Project): Promise<number> {
  const interrupted = watchInterrupts();
  const watched = paths.length ? paths : (await defaultScenarioPaths(project ?? (await loadProject()), opts.bundled)).paths;
  let code = await runCommand(paths, opts, undefined, project);
  const pending = new Set<string>();
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const watchers = watchPaths(watched, (file) => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => wake?.(), SETTLE_MS);
  });
  const stop = () => wake?.();
  interrupted.addEventListener('abort', stop, { once: true });
  try {
    while (!interrupted.aborted) {
      if (!pending.size) {
        process.stdout.write(pc.dim(`\nwatching ${watched.join(', ')}: a scenario file saved there runs again (Ctrl-C ends)\n`));
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
      if (interrupted.aborted || !pending.size) continue;
      const files = [...pending];
      pending.clear();
      process.stdout.write(`${pc.bold('changed')}: ${files.map(displayPath).join(', ')}\n`);
      code = await runCommand(files, opts, undefined, project).catch((err: unknown) => {
        if (!(err instanceof UsageError)) throw err;
        process.stderr.write(`netrecipes: ${printable(err.message)}\n`); // e.g. --filter leaves nothing of the saved file
        return EXIT.USAGE;
      });
    }
  } finally {
    clearTimeout(timer);
    interrupted.removeEventListener('abort', stop);
    for (const w of watchers) w.close();
  }
  return code === EXIT.INTERRUPTED ? code : EXIT.OK;
}
