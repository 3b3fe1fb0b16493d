// The registry of expectation kinds: which key of `expect:` is checked by which code. Output
// kinds judge the step's command; state kinds query the sandbox after it.
import type { Expectations } from '../scenario/schema.js';
import { ENDED_BY_SIGINT, describeExit, type CommandResult } from '../exec/command-result.js';
import { installHint } from '../exec/debian-packages.js';
import { checkCapture } from './capture.js';
import { checkConntrack } from './conntrack.js';
import { checkCurl, curlExitFor } from './curl.js';
import { checkEbtables } from './ebtables.js';
import { checkIptables } from './iptables.js';
import { checkNft } from './nft.js';
import { checkPing, parsePing, pingExitHolds } from './ping.js';
import { STATE_QUERIES, checkJson, checkState, type StateKind } from './state.js';
import { matchText, streamOf } from './text.js';
import { checkTranscript } from './transcript.js';
import { verdict, type EvalContext, type Verdict } from './verdict.js';

/** The last few lines a failed command wrote on stderr, on one line. */
function stderrTail(stderr: string, lines = 3): string {
  const tail = stderr.split('\n').map((l) => l.trim()).filter(Boolean).slice(-lines);
  return tail.map((l) => (l.length > 160 ? `${l.slice(0, 160)}…` : l)).join(' | ');
}

/**
 * "exit 1" says little: say which line of a multi-line script failed and what it wrote on
 * stderr; for exit 127, name the missing command and the package that has it.
 */
function describeFailure(r: CommandResult): string {
  const missing = /(?:^|: )(\S+): command not found/m.exec(r.stderr)?.[1];
  if (r.exitCode === 127 && missing) return `exit 127: ${missing} is not installed in the sandbox (${installHint(missing)}, or list it in requires.commands to skip instead)`;
  if (r.exitCode === 0 || r.timedOut) return describeExit(r);
  const script = r.command.trimEnd().split('\n');
  const at = r.failedLine !== undefined && script.length > 1 ? ` at line ${r.failedLine} (${script[r.failedLine - 1]?.trim() ?? '?'})` : '';
  const tail = stderrTail(r.stderr);
  return `${describeExit(r)}${at}${tail ? `; stderr: ${tail}` : ''}`;
}

function checkExit(want: Expectations['exit'], r: CommandResult): Verdict {
  const actual = describeFailure(r);
  if (want === 'any') return verdict('exit', !r.timedOut, 'any exit', actual);
  if (want === 'nonzero') return verdict('exit', !r.timedOut && r.exitCode !== undefined && r.exitCode !== 0, 'non-zero exit', actual);
  return verdict('exit', r.exitCode === want && !r.timedOut, `exit ${want}`, actual);
}

/**
 * The step's exit status is always judged. Without `exit:` a command must exit 0, unless a
 * ping or curl expectation says which failure to expect: then the exit status must be the one
 * that tool ends with for it, so a later line of the script that failed (or hid a failure)
 * never passes unseen.
 */
function exitVerdicts(e: Expectations, r: CommandResult, interrupted: boolean): Verdict[] {
  if (e.exit !== undefined) return [checkExit(e.exit, r)];
  const out: Verdict[] = [];
  if (e.ping !== undefined) {
    const { ok, expected } = pingExitHolds(parsePing(r), r.exitCode);
    out.push(verdict('exit', ok && !r.timedOut, expected, describeFailure(r)));
  }
  if (e.curl !== undefined) out.push(checkExit(curlExitFor(e.curl), r));
  if (out.length) return out;
  if (interrupted) {
    const ok = !r.timedOut && (r.exitCode === 0 || r.exitCode === ENDED_BY_SIGINT);
    return [verdict('exit', ok, `exit 0, or ${ENDED_BY_SIGINT} (ended by the interrupt)`, describeFailure(r))];
  }
  return [checkExit(0, r)];
}

export async function evaluate(e: Expectations, ctx: EvalContext): Promise<Verdict[]> {
  const out: Verdict[] = [];
  const r = ctx.result;
  if (r) {
    if (r.timedOut) return [verdict('exit', false, 'finishes within the step timeout', describeExit(r))];
    // ping and curl first: when they fail, what they parsed says more than the exit status.
    if (e.ping !== undefined) out.push(...checkPing(e.ping, r));
    if (e.curl !== undefined) out.push(...checkCurl(e.curl, r));
    out.push(...exitVerdicts(e, r, ctx.interrupted ?? false));
    for (const k of ['stdout', 'stderr', 'output'] as const) if (e[k] !== undefined) out.push(...matchText(k, streamOf(r, k), e[k]!));
    if (e.json !== undefined) out.push(...checkJson(e.json, r.stdout));
    if (e.transcript !== undefined) out.push(checkTranscript(e.transcript, r.stdout + r.stderr));
  }
  // State kinds only read the sandbox: their queries run side by side, their verdicts in this order.
  const state = await Promise.all([
    ...(Object.keys(STATE_QUERIES) as StateKind[]).map((kind) => (e[kind] === undefined ? [] : checkState(kind, e[kind]!, ctx))),
    e.iptables ? checkIptables(e.iptables, ctx) : [],
    e.ebtables ? checkEbtables(e.ebtables, ctx) : [],
    e.nft ? checkNft(e.nft, ctx) : [],
    e.conntrack ? checkConntrack(e.conntrack, ctx) : [],
  ]);
  out.push(...state.flat());
  if (e.capture) out.push(...checkCapture(e.capture, ctx));
  return out;
}
