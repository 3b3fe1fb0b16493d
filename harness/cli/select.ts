// Which scenarios a command works on: the paths given; else --bundled's suite; else the
// project's (its config's `scenarios` globs, or ./scenarios); else the bundled suite. Then
// --filter (regex on id and title), --tag, and --shard (this CI job's part of what is left).
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob, isDynamicPattern } from 'tinyglobby';
import { loadProject, type Project } from '../config/project-config.js';
import { DEFAULT_BACKEND } from '../backends/choices.js';
import { UsageError } from '../errors.js';
import { loadScenarios, type LoadResult } from '../scenario/load.js';
import type { Scenario } from '../scenario/scenario.js';
import { DurationHistory, historyName } from '../run/duration-history.js';
import { parseShard, shardIndexes } from '../run/shard.js';
import { count } from '../text/words.js';

export const BUNDLED_SCENARIOS = fileURLToPath(new URL('../../scenarios', import.meta.url));

export interface SelectOptions {
  filter?: string;
  tag?: string[];
  /** Run the bundled seed suite, whatever the project holds. */
  bundled?: boolean;
  /** `i/n`: only this job's share of the selection when n CI jobs split it (run/shard.ts). */
  shard?: string;
  /** Whose timings weigh the shards. @default DEFAULT_BACKEND ("netns") */
  backend?: string;
}

export interface Selection extends LoadResult {
  /** Where the scenarios came from when no path was given ("./scenarios", "the bundled suite ..."). */
  origin?: string;
  /** With --shard: which share this is, in words ("shard 2/3: 8 of 24 scenarios, ..."). */
  shardNote?: string;
  /** With --shard: the duration cache it was split by, for the run to order and update. */
  history?: DurationHistory;
}

const YAML = '**/*.{yaml,yml}';

/** Files and folders of the config's `scenarios` entries (globs expanded), relative to the project. */
async function configured(project: Project, entries: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const entry of entries) {
    if (isDynamicPattern(entry)) out.push(...(await glob(entry, { cwd: project.root, absolute: true, onlyFiles: true })).sort());
    else out.push(isAbsolute(entry) ? entry : resolve(project.root, entry));
  }
  return out;
}

/** The scenario paths a command uses when it is given none, and words saying which. */
export async function defaultScenarioPaths(project: Project, bundled = false): Promise<{ paths: string[]; origin: string }> {
  if (bundled) return { paths: [BUNDLED_SCENARIOS], origin: 'the bundled seed suite (--bundled)' };
  if (project.config.scenarios) {
    const paths = await configured(project, project.config.scenarios);
    if (!paths.length) throw new UsageError(`${project.source}: "scenarios" (${project.config.scenarios.join(', ')}) matches no file`);
    return { paths, origin: `${project.config.scenarios.join(', ')} (from ${project.source})` };
  }
  const local = resolve(project.root, 'scenarios');
  if (local === BUNDLED_SCENARIOS) return { paths: [local], origin: 'the bundled seed suite' };
  if (existsSync(local) && (await glob(YAML, { cwd: local })).length)
    return { paths: [local], origin: `${relative(process.cwd(), local) || '.'}/ (this project's)` };
  return { paths: [BUNDLED_SCENARIOS], origin: `the bundled seed suite (no scenarios in ${local}; pass paths, or set "scenarios" in netrecipes.config.json)` };
}

export async function selectScenarios(paths: string[], opts: SelectOptions, project?: Project): Promise<Selection> {
  const chosen = paths.length ? { paths, origin: undefined } : await defaultScenarioPaths(project ?? (await loadProject()), opts.bundled);
  const loaded = await loadScenarios(chosen.paths);
  let re: RegExp | undefined;
  if (opts.filter) {
    try {
      re = new RegExp(opts.filter);
    } catch (err) {
      throw new UsageError(`--filter is not a valid regex: ${(err as Error).message}`);
    }
  }
  const tags = opts.tag ?? [];
  const scenarios = loaded.scenarios.filter((s) => (!re || re.test(s.id) || re.test(s.title)) && (!tags.length || tags.some((t) => s.tags.includes(t))));
  const shard = opts.shard === undefined ? undefined : await shardOf(scenarios, opts.shard, opts.backend ?? DEFAULT_BACKEND);
  return {
    scenarios: shard?.scenarios ?? scenarios,
    errors: loaded.errors,
    ...(chosen.origin ? { origin: chosen.origin } : {}),
    ...(shard ? { shardNote: shard.note, history: shard.history } : {}),
  };
}

/** This job's share of `scenarios`, weighed by the duration cache's timings on `backend`. */
async function shardOf(scenarios: Scenario[], text: string, backend: string): Promise<{ scenarios: Scenario[]; note: string; history: DurationHistory }> {
  const shard = parseShard(text);
  const history = await DurationHistory.load();
  const items = scenarios.map((s) => ({ name: historyName(s), ms: history.total(backend, historyName(s)), steps: s.steps.length }));
  const mine = shardIndexes(items, shard).map((i) => scenarios[i]!);
  const timed = items.filter((i) => i.ms !== undefined).length;
  const by = timed ? `split by the ${backend} timings of ${timed} in the duration cache` : 'split by step counts (no timings in the duration cache)';
  return { scenarios: mine, history, note: `shard ${shard.index}/${shard.total}: ${mine.length} of ${count(scenarios.length, 'scenario')}, ${by}` };
}
