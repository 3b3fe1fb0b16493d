// What one command did, shaped like execa's result: plain data, never thrown.

export interface CommandResult {
  command: string;
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** The line of a multi-line script that failed, where bash could tell. */
  failedLine?: number;
}

/** 130 = 128 + SIGINT: how bash reports a command that an interrupt (Ctrl-C) ended. */
export const ENDED_BY_SIGINT = 130;

/** "137: Kill"-style text for a result, for messages and reports. */
export function describeExit(r: CommandResult): string {
  if (r.timedOut) return `timed out after ${Math.round(r.durationMs)} ms (process tree killed)`;
  if (r.signal) return `killed by ${r.signal}`;
  return `exit ${r.exitCode}`;
}
