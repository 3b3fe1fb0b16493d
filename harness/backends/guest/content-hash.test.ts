import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash.js';

describe('contentHash', () => {
  it('remembers hashes of calls made at once in one process (two guests readied side by side)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'content-hash-'));
    const files = await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (name) => {
        const f = join(dir, name);
        await writeFile(f, `content of ${name}`);
        return f;
      }),
    );
    const memo = join(dir, 'memo.json');
    const hashes = await Promise.all(files.map((f) => contentHash(memo, [f])));
    expect(new Set(hashes).size).toBe(4);
    expect(JSON.parse(await readFile(memo, 'utf8'))).toBeTypeOf('object');
    // the same content under another name is the same hash
    await writeFile(join(dir, 'a2'), 'content of a');
    expect(await contentHash(memo, [join(dir, 'a2')])).toBe(hashes[0]);
  });
});
