// What an expectation kind is: one descriptor per key of `expect:`, each in its own file under
// kinds/, all of them listed in kinds.ts. The scenario schema, the static checks, the judging
// (evaluate.ts) and explain/ read the descriptors; none of them names a kind of its own.
import type { z } from 'zod';
import type { CommandResult } from '../exec/command-result.js';
import type { EvalContext, Verdict } from './verdict.js';

/** Whether an exit status holds, and what was wanted, in a verdict's words. */
export interface ExitHolds {
  ok: boolean;
  expected: string;
}

/** A problem of a scenario file, at a path below the kind's key (`[0, 'packets']`). */
export interface KindProblem {
  path: (string | number)[];
  message: string;
}

/** What the steps before this one made, for a kind's file checks. */
export interface StepsBefore {
  /** The ids of the background steps so far. */
  backgrounds: ReadonlySet<string>;
}

interface Descriptor<K extends string, S extends z.ZodTypeAny> {
  /** Its key under `expect:`. */
  key: K;
  /** Its value there (the key itself is optional). */
  schema: S;
  /** Says whether packets got through: a step that fails it is explained (explain/). */
  connectivity: boolean;
  /** A value the schema takes, for the tests that walk the list. */
  example: z.input<S>;
  /** What the file can be told wrong about the value before anything runs (keys that need each other, references). */
  fileProblems?(spec: z.output<S>, before: StepsBefore): KindProblem[];
}

/** Judges the step's own command, so a step without one (background, stop, none) may not have it. */
export interface OutputKind<K extends string = string, S extends z.ZodTypeAny = z.ZodTypeAny> extends Descriptor<K, S> {
  reads: 'output';
  /** Also judges what a stopped background printed, on a `stop:` step. */
  onStopStep: boolean;
  /** Also applies to a kselftest step (its exit status is judged by kselftest's rule, not by `expect:`). */
  onKselftestStep: boolean;
  /**
   * The one command this kind parses (ping, curl). A step that runs it twice is a file error; without
   * `exit:`, the step must exit as that command does for what it printed; and the kind is judged
   * before the exit status, since what it parsed says more.
   */
  tool?: { command: string; exit(spec: z.output<S>, r: CommandResult): ExitHolds };
  check(spec: z.output<S>, r: CommandResult): Verdict[];
}

/**
 * Asks the sandbox after the command: `state` kinds query it, all side by side; `background`
 * kinds read what a background process printed so far, once those queries are done.
 */
export interface SandboxKind<K extends string = string, S extends z.ZodTypeAny = z.ZodTypeAny> extends Descriptor<K, S> {
  reads: 'state' | 'background';
  check(spec: z.output<S>, ctx: EvalContext): Verdict[] | Promise<Verdict[]>;
}

export type ExpectKind = OutputKind | SandboxKind;

/** A descriptor, with its key and schema types kept (for the `expect:` object's type). */
export const outputKind = <const K extends string, S extends z.ZodTypeAny>(d: Omit<OutputKind<K, S>, 'reads'>): OutputKind<K, S> => ({ ...d, reads: 'output' });
export const sandboxKind = <const K extends string, S extends z.ZodTypeAny>(d: SandboxKind<K, S>): SandboxKind<K, S> => d;
