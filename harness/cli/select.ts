// Which scenarios a command works on: files and folders (default: the bundled suite), then
// --filter (regex on id and title) and --tag.
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { loadScenarios, type LoadResult } from '../scenario/load.js';

export const BUNDLED_SCENARIOS = fileURLToPath(new URL('../../scenarios', import.meta.url));

export interface SelectOptions {
  filter?: string;
  tag?: string[];
}

export async function selectScenarios(paths: string[], opts: SelectOptions): Promise<LoadResult> {
  const loaded = await loadScenarios(paths.length ? paths : [BUNDLED_SCENARIOS]);
  let re: RegExp | undefined;
  if (opts.filter) {
    try {
      re = new RegExp(opts.filter);
    } catch (err) {
      throw new UsageError(`--filter is not a valid regex: ${(err as Error).message}`);
    }
  }
  const tags = opts.tag ?? [];
  const scenarios = loaded.scenarios.filter(
    (s) => (!re || re.test(s.id) || re.test(s.title)) && (!tags.length || tags.some((t) => s.tags.includes(t))),
  );
  return { scenarios, errors: loaded.errors };
}
