// The three ways a run can go wrong, kept apart so that callers (and tests) match on the
// class, never on message text: a scenario file that is wrong, an expectation that did not
// hold, and the sandbox machinery itself failing.

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

/** An expectation did not hold. `expected` and `actual` are shown side by side in reports. */
export class AssertionFailure extends Error {
  override name = 'AssertionFailure';
  constructor(
    message: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(message);
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
