// Whether a checkout's dist/ is its current build: its stamp (scripts/build.js writes it last) is
// no older than any file under harness/. An installed package has no harness/: its dist/ is.
// bin/netrecipes.js runs dist/ only then (else the sources, through tsx); package.test.ts packs
// that build instead of building again.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestUnder(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** @param {string} root the package's folder */
export function distIsCurrent(root) {
  const stamp = join(root, 'dist/.build-stamp');
  const sources = join(root, 'harness');
  return existsSync(stamp) && (!existsSync(sources) || newestUnder(sources) <= statSync(stamp).mtimeMs);
}
