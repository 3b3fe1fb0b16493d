// Starts a step's long-running process (a server, a capture) and waits until it is ready:
// a port is listening, a line appeared in its output, or a file exists. Never a fixed sleep.
import { scaledMs, type Sandbox } from '../backends/backend.js';
import type { SandboxProcess } from '../exec/process.js';
import type { Readiness } from '../scenario/schema.js';
import { shellQuote } from '../exec/shell-quote.js';
import { scriptArgv } from './netns-argv.js';
import { pollUntil } from '../exec/poll.js';
import { cpuContention, stretched } from '../exec/spare-time.js';
import { stepArgv } from './staged-script.js';
import { userPattern } from '../text/user-pattern.js';

export interface ReadyOutcome {
  ready: boolean;
  why: string;
}

/** What `ps`/`pgrep -x` calls the process a command starts: its first word's base name (15 characters). */
export function processName(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1).slice(0, 15);
}

function readinessProbe(ready: Exclude<Readiness, { output: string }>, command: string): string {
  if ('port' in ready) return `ss -H -l${ready.proto === 'udp' ? 'u' : 't'}n 'sport = :${ready.port}' | grep -q .`;
  if ('file' in ready) return `test -e ${shellQuote(ready.file)}`;
  return `pgrep -x ${shellQuote(processName(command))} >/dev/null`;
}

async function isReady(sandbox: Sandbox, netns: string, proc: SandboxProcess, ready: Readiness, command: string): Promise<boolean> {
  if ('output' in ready) return userPattern(ready.output, { multiline: true }).test(proc.stdout + proc.stderr);
  const probe = readinessProbe(ready, command);
  const r = await sandbox.exec(scriptArgv(netns, probe), { timeoutMs: 2000, label: probe });
  return r.exitCode === 0;
}

function describe(ready: Readiness): string {
  if ('port' in ready) return `${ready.proto} port ${ready.port} listening`;
  if ('output' in ready) return `output matching /${ready.output}/`;
  if ('file' in ready) return `file ${ready.file}`;
  return 'its process running';
}

export async function startBackground(
  sandbox: Sandbox,
  netns: string,
  command: string,
  ready: Readiness | undefined,
  timeoutMs: number,
  prefix = '',
): Promise<{ proc: SandboxProcess; outcome: ReadyOutcome }> {
  const proc = sandbox.spawn(await stepArgv(sandbox, netns, prefix + command), command);
  const waitMs = scaledMs(sandbox, timeoutMs);
  if (!ready) return { proc, outcome: { ready: true, why: 'started' } };
  const t0 = performance.now();
  const ok = await pollUntil(
    async () => {
      if (!proc.running) return { done: true, value: false };
      const r = await isReady(sandbox, netns, proc, ready, command);
      return { done: r, value: r };
    },
    waitMs,
    { intervalMs: 20, contention: cpuContention, fair: true },
  );
  if (ok) return { proc, outcome: { ready: true, why: describe(ready) } };
  const why = proc.running
    ? `not ready after ${waitMs} ms${stretchNote(performance.now() - t0, waitMs)}: waited for ${describe(ready)}`
    : `exited (${proc.result?.exitCode ?? proc.result?.signal}) before ${describe(ready)}`;
  return { proc, outcome: { ready: false, why } };
}

/** Says so when a wait lasted longer on the clock than its deadline, as the machine was busy. */
function stretchNote(waitedMs: number, deadlineMs: number): string {
  return stretched(waitedMs, deadlineMs) ? ` (${(waitedMs / 1000).toFixed(1)} s on the clock: the machine was busy, so the wait stretched)` : '';
}
