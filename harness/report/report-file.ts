// Every report is written the same way: a temp file in the report's own folder, renamed over the
// old one (write-file-atomic), so a kill while writing leaves the previous report whole. And the
// folders are checked before the run starts, so results are never lost to an unwritable --out.
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UsageError } from '../errors.js';

/** Writes `file` (making its folder) so that readers see the old content or the new, never half. */
export async function writeReportFile(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, content);
}

/** Throws UsageError naming the path and the reason if a report could not be written to any of `files`. */
export async function checkReportPaths(files: string[]): Promise<void> {
  for (const folder of new Set(files.map((f) => dirname(resolve(f))))) {
    const inIt = files.map((f) => resolve(f)).filter((f) => dirname(f) === folder);
    const probe = join(folder, `.netrecipes-write-check.${process.pid}`);
    try {
      await mkdir(folder, { recursive: true });
      await writeReportFile(probe, '');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new UsageError(`cannot write ${inIt.join(', ')}: ${e.code ? `${e.code} ` : ''}${e.message.replace(/^\w+: /, '')}`);
    } finally {
      await rm(probe, { force: true }).catch(() => undefined);
    }
  }
}
