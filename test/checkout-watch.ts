// What the tests create inside the checkout. `npm test` runs the static checks (eslint,
// prettier) beside vitest, and both walk the tree: a folder a test makes and removes again
// under their feet ends them with ENOENT. So nothing a test writes may lie in the tree unless
// git ignores it (.gitignore is what prettier reads, and eslint.config.js names the same).
import { execFileSync } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';

const git = (root: string, args: string[], input?: string): string =>
  execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'ignore'] });

export interface CheckoutWatch {
  /** Stops watching; returns the paths (relative to the checkout) created meanwhile that git neither tracks nor ignores. */
  stop(): string[];
}

/** Watches every folder git tracks in `root` (not recursively: node_modules and the ignored folders stay out). Undefined outside a git checkout. */
export function watchCheckout(root: string): CheckoutWatch | undefined {
  let tracked: Set<string>;
  try {
    tracked = new Set(git(root, ['ls-files']).split('\n').filter(Boolean));
  } catch {
    return undefined;
  }
  const folders = new Set(['.', ...[...tracked].map((f) => dirname(f))]);
  const created = new Set<string>();
  const watchers: FSWatcher[] = [...folders].map((dir) =>
    watch(join(root, dir), (event, name) => {
      if (event === 'rename' && name) created.add(dir === '.' ? name : `${dir}/${name}`);
    }),
  );
  return {
    stop() {
      for (const w of watchers) w.close();
      const candidates = [...created].filter((p) => !tracked.has(p));
      if (!candidates.length) return [];
      // A folder may be gone by now, and a pattern like `dist.new-*/` matches only a folder:
      // ask about each path as a file and as a folder.
      let ignored: Set<string>;
      try {
        const asked = candidates.flatMap((p) => [p, `${p}/`]).join('\n');
        ignored = new Set(git(root, ['check-ignore', '--no-index', '--stdin'], asked).split('\n'));
      } catch {
        ignored = new Set(); // exit 1: none of them is ignored
      }
      return candidates.filter((p) => !ignored.has(p) && !ignored.has(`${p}/`));
    },
  };
}
