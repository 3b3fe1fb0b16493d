// What `check` would say about a scenario text, as "line:col: message" lines: for load tests.
import { ScenarioFileError } from '../harness/errors.js';
import { parseScenario } from '../harness/scenario/load.js';

export function problems(text: string): string[] {
  try {
    parseScenario(text, 'x.yaml');
  } catch (err) {
    if (err instanceof ScenarioFileError) return err.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    throw err;
  }
  return [];
}
