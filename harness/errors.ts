// The errors a run can throw, kept apart so that callers (and tests) match on the class, never
// on message text: a scenario file that is wrong (exit 2), the sandbox machinery failing (exit
// 3) and the command line used wrongly (exit 2). An expectation that did not hold is no error:
// it is a step's verdict (expect/verdict.ts), reported as a failure (exit 1).

/** One problem in a scenario file, with its position. */
export interface FileProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatProblem(p: FileProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** A scenario file could not be used: syntax, unknown key, wrong type, unknown netns... */
export class ScenarioFileError extends Error {
  override name = 'ScenarioFileError';
  constructor(readonly problems: FileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** The sandbox, a backend or a tool failed: not the recipe's fault, and the only thing worth retrying. */
export class InfrastructureError extends Error {
  override name = 'InfrastructureError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The CLI was called wrongly (unknown backend, bad flag value). */
export class UsageError extends Error {
  override name = 'UsageError';
}
