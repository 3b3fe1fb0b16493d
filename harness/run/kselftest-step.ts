// Runs a `kselftest:` step as kselftest's runner would: in the script's own folder (the project,
// shown read-only in the sandbox at the same path), through its `#!` interpreter, with its
// arguments; each line of stdout is timed as it arrives, so that every result line the selftest
// prints becomes a subtest with a duration. The exit status decides (expect/kselftest.ts).
import { StringDecoder } from 'node:string_decoder';
import type { Sandbox } from '../backends/backend.js';
import { InfrastructureError } from '../errors.js';
import type { CommandResult } from '../exec/command-result.js';
import { parseSubtests, selftestVerdict, type SelftestVerdict, type Subtest } from '../expect/kselftest.js';
import type { Step } from '../scenario/scenario.js';
import { inNetns } from './netns-argv.js';
import { STEP_PATH } from './step-path.js';
import { HELPERS_DIR, buildHelpers } from './kselftest-helpers.js';

/** What the sandbox-side preamble exits with when the project's files are not there. */
const NOT_VISIBLE = 125;
const NOT_VISIBLE_MARK = 'netrecipes: the project is not visible in this sandbox';

export interface KselftestRun {
  result: CommandResult;
  subtests: Subtest[];
  verdict: SelftestVerdict;
}

/** When each line of a stream ended, in ms since `t0`. */
class LineClock {
  readonly times: number[] = [];
  private readonly decoder = new StringDecoder('utf8');
  constructor(private readonly t0: number) {}
  add(data: Buffer): void {
    const now = performance.now() - this.t0;
    for (const c of this.decoder.write(data)) if (c === '\n') this.times.push(now);
  }
}

/** A selftest that could not start: a helper would not build. */
function unbuiltHelper(why: string): KselftestRun {
  const result: CommandResult = { command: why, exitCode: undefined, signal: undefined, stdout: '', stderr: `${why}\n`, timedOut: false, durationMs: 0 };
  return { result, subtests: [], verdict: { outcome: 'fail', message: why } };
}

/** The step's selftest, run in `step.in` with the step's variables exported (`prefix`). */
export async function runKselftest(sandbox: Sandbox, step: Step, prefix: string, timeoutMs: number): Promise<KselftestRun> {
  const file = step.kselftestFile;
  if (!file || !step.kselftest) throw new InfrastructureError(`step "${step.name}" is a kselftest step whose script was not found when its file loaded`);
  const unbuilt = await buildHelpers(sandbox, file.helpers);
  if (unbuilt) return unbuiltHelper(unbuilt);
  const helperPath = file.helpers.length ? `PATH=${HELPERS_DIR}:$PATH; ` : '';
  const preamble = `cd "$1" 2>/dev/null && [ -r "$2" ] || { echo "${NOT_VISIBLE_MARK} ($1)" >&2; exit ${NOT_VISIBLE}; }; shift 2; exec "$@"`;
  const argv = inNetns(step.in, [
    'bash',
    '-c',
    STEP_PATH + helperPath + prefix + preamble,
    'kselftest',
    file.dir,
    file.name,
    ...file.interpreter,
    `./${file.name}`,
    ...step.kselftest.args,
  ]);
  const clock = new LineClock(performance.now());
  const label = [file.path, ...step.kselftest.args].join(' ');
  const result = await sandbox.exec(argv, { timeoutMs, label, onOutput: (data, stream) => stream === 'out' && clock.add(data) });
  if (result.exitCode === NOT_VISIBLE && result.stderr.includes(NOT_VISIBLE_MARK))
    throw new InfrastructureError(
      `the ${sandbox.backend} backend does not show ${file.project} to its sandboxes, so selftest ${step.kselftest.script} cannot run there`,
    );
  const subtests = parseSubtests(result.stdout, clock.times);
  return { result, subtests, verdict: selftestVerdict(result, subtests) };
}
