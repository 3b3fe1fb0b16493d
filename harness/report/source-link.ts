// Where a scenario's YAML line lives, as a link from a report: a GitHub blob URL at the run's
// commit inside Actions, else a path relative to the report's folder.
import { dirname, relative, resolve } from 'node:path';

/** The link to line `line` of scenario file `file`. */
export type SourceLink = (file: string, line: number) => string;

export function sourceLinker(reportFile: string, env: NodeJS.ProcessEnv = process.env): SourceLink {
  const { GITHUB_ACTIONS, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_WORKSPACE } = env;
  if (GITHUB_ACTIONS === 'true' && GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_SHA && GITHUB_WORKSPACE)
    return (file, line) => `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}/${relative(GITHUB_WORKSPACE, resolve(file))}#L${line}`;
  const dir = dirname(resolve(reportFile));
  return (file, line) => `${relative(dir, resolve(file))}#L${line}`;
}
