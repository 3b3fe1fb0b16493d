// What names a kernel in the cache: a hash of its files' content (and, for a module tree, of
// every file below it with its path), never of a name or path, so a rebuilt bzImage is a new
// kernel and the same kernel under two paths is one. Reading a 400 MB module tree costs about
// 2.5 s here, so a hash already computed is remembered by the files' identity and change times
// (inode, size, mtime, ctime: a file rewritten or touched gets a new ctime), and read again only
// when one of them changed.
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { cacheDir } from '../../exec/cache-dir.js';

/** The files a hash covers: `files` themselves, then every entry below `tree` (sorted by path). */
async function entries(files: string[], tree?: string): Promise<string[]> {
  const below = tree
    ? (await readdir(tree, { recursive: true }))
        .map(String)
        .sort()
        .map((rel) => join(tree, rel))
    : [];
  return [...files, ...below];
}

/** The entries' identity and change times: equal only when no file was changed, added or removed. */
async function fingerprint(paths: string[], tree?: string): Promise<string> {
  const h = createHash('sha256').update(tree ?? '');
  for (const p of paths) {
    const st = await lstat(p, { bigint: true });
    h.update(`${p}\0${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}\n`);
  }
  return h.digest('hex');
}

async function hashOf(files: string[], tree?: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of files) h.update(await readFile(f)).update('\0');
  if (tree) {
    for (const rel of (await readdir(tree, { recursive: true })).map(String).sort()) {
      const p = join(tree, rel);
      const st = await lstat(p);
      h.update(`${rel}\0`);
      if (st.isSymbolicLink()) h.update(`-> ${await readlink(p)}\0`);
      else if (st.isFile()) h.update(await readFile(p)).update('\0');
    }
  }
  return h.digest('hex').slice(0, 16);
}

const MEMO_ENTRIES = 200;

/** The content hash of boot files (kernels, initrds, module trees), remembered in the cache's one memo file. */
export function bootFileHash(files: string[], tree?: string): Promise<string> {
  return contentHash(join(cacheDir(), 'vm', 'kernel-hashes.json'), files, tree);
}

/** The content hash of `files` and the tree below `tree`, remembered in `memoFile` by their fingerprint. */
export async function contentHash(memoFile: string, files: string[], tree?: string): Promise<string> {
  const print = await fingerprint(await entries(files, tree), tree);
  const known = (await readMemo(memoFile))[print];
  if (known) return known;
  const hash = await hashOf(files, tree);
  await remember(memoFile, print, hash);
  return hash;
}

async function readMemo(memoFile: string): Promise<Record<string, string>> {
  return readFile(memoFile, 'utf8')
    .then((t) => JSON.parse(t) as Record<string, string>)
    .catch(() => ({}));
}

/** Memo updates of this process, one after another (guests are readied side by side): none is lost. */
let updates: Promise<void> = Promise.resolve();

function remember(memoFile: string, print: string, hash: string): Promise<void> {
  const update = async () => {
    const kept = Object.entries(await readMemo(memoFile)).slice(-(MEMO_ENTRIES - 1));
    await mkdir(dirname(memoFile), { recursive: true });
    await writeFileAtomic(memoFile, JSON.stringify(Object.fromEntries([...kept, [print, hash]])));
  };
  updates = updates.then(update, update);
  return updates;
}
