// A project's netrecipes settings: netrecipes.config.{json,js,mjs,ts} or a "netrecipes" key in
// package.json, in the working folder or the nearest folder above it that has one of them, up to
// the project's root (the nearest folder with package.json or .git; without one, the working
// folder only). A config file is executed or read only when no one but the project's owners
// can have written it (trusted-file.ts). Every `run` option can have a default here; command-line
// options win.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { projectRootOf } from '../scenario/find-files.js';
import { untrustedBecause } from './trusted-file.js';

export const CONFIG_FILES = ['netrecipes.config.json', 'netrecipes.config.js', 'netrecipes.config.mjs', 'netrecipes.config.ts'];

const list = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v.join(',') : v));

/** What a config file may hold: the project's scenarios and docs, and defaults for `run`. */
export const configSchema = z
  .object({
    /** Scenario files, folders or globs, relative to the project. @default ["scenarios"] */
    scenarios: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])),
    /** Folder of the articles the scenarios cite (`docs check --docs`). */
    docs: z.string(),
    /** @default "netns" */
    backend: z.string(),
    distro: list,
    iptables: list,
    caps: list,
    image: z.string(),
    kernel: list,
    /** @default 4 per core, fewer if memory is short (run/concurrency.ts); a VM backend: what its guest holds */
    jobs: z.union([z.number().int().positive(), z.string()]).transform(String),
    /** @default "reports" */
    out: z.string(),
    junit: z.string(),
    tap: z.string(),
    filter: z.string(),
    tag: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])),
    verbose: z.boolean(),
    /** Reruns of a failed scenario (`run --retries`). @default 0 */
    retries: z.union([z.number().int().nonnegative(), z.string()]).transform(String),
    /** Scenario ids that run and are reported, but whose failures do not fail the run. */
    quarantine: z.array(z.string()),
  })
  .partial()
  .strict();

export type NetrecipesConfig = z.input<typeof configSchema>;
export type ResolvedConfig = z.output<typeof configSchema>;

export interface Project {
  /** The folder the config (or package.json) is in; the working folder when there is neither. */
  root: string;
  /** Where the settings came from, for messages; absent when there are none. */
  source?: string;
  config: ResolvedConfig;
}

/** Helps a config file type-check: `export default defineConfig({ ... })`. */
export function defineConfig(config: NetrecipesConfig): NetrecipesConfig {
  return config;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message}`);
  }
}

async function importConfig(file: string): Promise<unknown> {
  try {
    const url = pathToFileURL(file).href;
    const mod = (file.endsWith('.ts') ? await (await import('tsx/esm/api')).tsImport(url, import.meta.url) : await import(url)) as { default?: unknown };
    // A .ts file outside an ESM package loads as CommonJS: its `export default` sits one level down.
    const value = mod.default as { default?: unknown; __esModule?: boolean } | undefined;
    return value && typeof value === 'object' && 'default' in value && Object.keys(value).every((k) => k === 'default' || k === '__esModule')
      ? value.default
      : value;
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message}`);
  }
}

/** Refuses a settings file that others could have written, before reading or running it. */
function trusted(file: string): string {
  const why = untrustedBecause(file);
  if (why) throw new UsageError(`not loading ${file}: ${why} (anyone who can write there could run code as you; fix the permissions, e.g. chmod go-w)`);
  return file;
}

async function rawConfig(dir: string): Promise<{ source?: string; value: unknown } | undefined> {
  for (const name of CONFIG_FILES) {
    const file = join(dir, name);
    if (existsSync(file)) return { source: file, value: name.endsWith('.json') ? readJson(trusted(file)) : await importConfig(trusted(file)) };
  }
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg)) return undefined;
  const value = (readJson(pkg) as { netrecipes?: unknown }).netrecipes;
  if (value !== undefined) trusted(pkg);
  return value === undefined ? { value: {} } : { source: `${pkg} ("netrecipes")`, value };
}

/** The folders a config is looked for in: from `cwd` up to the project's root, or `cwd` alone outside a project. */
function lookupFolders(cwd: string): string[] {
  const root = projectRootOf(cwd);
  const folders = [resolve(cwd)];
  if (root) while (folders.at(-1) !== root) folders.push(dirname(folders.at(-1)!));
  return folders;
}

/** The project around `cwd`: the nearest folder (up to the project's root) with a config file or a package.json. */
export async function loadProject(cwd = process.cwd()): Promise<Project> {
  for (const dir of lookupFolders(cwd)) {
    const found = await rawConfig(dir);
    if (found) {
      const parsed = configSchema.safeParse(found.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UsageError(`${found.source}: ${issue.path.join('.') || 'config'}: ${issue.message}`);
      }
      return { root: dir, ...(found.source ? { source: found.source } : {}), config: parsed.data };
    }
  }
  return { root: resolve(cwd), config: {} };
}
