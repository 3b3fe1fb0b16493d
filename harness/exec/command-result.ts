// What one command did, shaped like execa's result: plain data, never thrown.
import { stretched } from './spare-time.js';

/** The most output kept of one command (per stream); the rest is read and discarded. */
export const MAX_OUTPUT = 4 * 1024 * 1024;

export interface CommandResult {
  command: string;
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** The deadline it was given, where it had one (a busy machine stretches it: spare-time.ts). */
  timeoutMs?: number;
  /** Set when stdout or stderr went past MAX_OUTPUT: the command ran to its end, its output was kept only up to the cap. */
  outputCut?: boolean;
  /** The line of a multi-line script that failed, where bash could tell. */
  failedLine?: number;
}

/** 130 = 128 + SIGINT: how bash reports a command that an interrupt (Ctrl-C) ended. */
export const ENDED_BY_SIGINT = 130;

/** "137: Kill"-style text for a result, for messages and reports. */
export function describeExit(r: CommandResult): string {
  if (r.timedOut) return `timed out after ${Math.round(r.durationMs)} ms (process tree killed${stretchNote(r)})`;
  if (r.signal) return `killed by ${r.signal}`;
  return `exit ${r.exitCode}`;
}

/** Why a command ran well past its timeout before it was killed, or nothing. */
function stretchNote(r: CommandResult): string {
  return r.timeoutMs !== undefined && stretched(r.durationMs, r.timeoutMs) ? `; the machine was busy, so the ${r.timeoutMs} ms timeout stretched` : '';
}

/** What every report says about a result whose output was cut, or undefined. */
export function outputCutNote(r: CommandResult | undefined): string | undefined {
  return r?.outputCut ? `output cut at ${MAX_OUTPUT / 1024 / 1024} MiB` : undefined;
}

/** One stream's output kept up to MAX_OUTPUT; what comes after is drained and dropped, so the command never blocks on a full pipe. */
export class CappedOutput {
  text = '';
  cut = false;

  add(chunk: string): void {
    const room = MAX_OUTPUT - this.text.length;
    if (chunk.length > room) this.cut = true;
    if (room > 0) this.text += chunk.length > room ? chunk.slice(0, room) : chunk;
  }
}
