// Options a command was not given on its command line come from the project's config
// (netrecipes.config.* or package.json's "netrecipes"); paths in the config are relative to it.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Project, ResolvedConfig } from '../config/project-config.js';

const PATH_OPTIONS = new Set(['out', 'junit', 'tap', 'docs']);

/** `opts` with every option the user did not type taken from the config when it has one. */
export function withProjectDefaults<T extends object>(cmd: Command, opts: T, project: Project): T {
  const merged = { ...opts } as Record<string, unknown>;
  for (const [key, value] of Object.entries(project.config) as [keyof ResolvedConfig, unknown][]) {
    if (key === 'scenarios' || !cmd.options.some((o) => o.attributeName() === key)) continue;
    if (cmd.getOptionValueSource(key) === 'cli') continue;
    merged[key] = PATH_OPTIONS.has(key) && value !== '-' ? resolve(project.root, value as string) : value;
  }
  return merged as T;
}
