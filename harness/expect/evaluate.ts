// Judges a step's expectations, kind by kind as kinds.ts lists them: the kinds that read the
// step's command's output first, then the sandbox's state, queried side by side, then what
// background processes printed. The exit status is judged whenever there is a command.
import { describeExit, type CommandResult } from '../exec/command-result.js';
import { OUTPUT_KINDS, SANDBOX_KINDS, written, type KindValues } from './kinds.js';
import { exit, exitVerdicts } from './kinds/exit.js';
import { verdict, type EvalContext, type Verdict } from './verdict.js';

function outputVerdicts(e: KindValues, r: CommandResult, interrupted: boolean): Verdict[] {
  const given = written(OUTPUT_KINDS, e).filter(({ kind }) => kind !== exit);
  // ping and curl first: when they fail, what they parsed says more than the exit status.
  const tools = given.filter(({ kind }) => kind.tool);
  const others = given.filter(({ kind }) => !kind.tool);
  return [
    ...tools.flatMap(({ kind, spec }) => kind.check(spec, r)),
    ...exitVerdicts(
      e.exit,
      tools.map(
        ({ kind, spec }) =>
          (result: CommandResult) =>
            kind.tool!.exit(spec, result),
      ),
      r,
      interrupted,
    ),
    ...others.flatMap(({ kind, spec }) => kind.check(spec, r)),
  ];
}

export async function evaluate(e: KindValues, ctx: EvalContext): Promise<Verdict[]> {
  const out: Verdict[] = [];
  const r = ctx.result;
  if (r) {
    if (r.timedOut) return [verdict('exit', false, 'finishes within the step timeout', describeExit(r))];
    out.push(...outputVerdicts(e, r, ctx.interrupted ?? false));
  }
  const asked = written(SANDBOX_KINDS, e);
  // State kinds only read the sandbox: their queries run side by side, their verdicts in the list's order.
  const state = await Promise.all(asked.filter(({ kind }) => kind.reads === 'state').map(async ({ kind, spec }) => kind.check(spec, ctx)));
  out.push(...state.flat());
  for (const { kind, spec } of asked.filter(({ kind }) => kind.reads === 'background')) out.push(...(await kind.check(spec, ctx)));
  return out;
}
