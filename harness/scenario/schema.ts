// The scenario file format, as a zod schema: the single source of truth for which keys exist,
// their types and defaults; the keys of `expect:` come from the expectation kinds
// (expect/kinds.ts). docs/scenario-format.md describes the same fields for people.
import { z } from 'zod';
import { durationProblem, parseDuration } from './written-duration.js';
import { parseSize, sizeProblem, sizeText } from '../text/sizes.js';
import { kindShape } from '../expect/kinds.js';

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: durationProblem(v) });
    return z.NEVER;
  }
  return ms;
});

/** The least memory a sandbox can be given: its executor, a shell and a few tools. */
const MIN_SANDBOX_MEMORY = 64 * 2 ** 20;

/** "512MiB", "2GiB": a sandbox's memory limit, in bytes. */
const memorySize = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const bytes = typeof v === 'string' ? parseSize(v) : undefined;
  if (bytes === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: sizeProblem(v) });
  else if (bytes < MIN_SANDBOX_MEMORY) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `a sandbox needs at least ${sizeText(MIN_SANDBOX_MEMORY)}` });
  return bytes ?? z.NEVER;
});

/** A step's deadline when it sets no `timeout:`. */
export const DEFAULT_STEP_TIMEOUT_MS = 10_000;

/** What `requires.commands` may name: a command, never a command line (it is probed in shells). */
const COMMAND_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

/**
 * `expect:`: a key per expectation kind, each described in its file under expect/kinds/ and
 * listed in expect/kinds.ts, and `within:`.
 */
export const expectSchema = z
  .object({
    ...kindShape(),
    within: duration.optional(),
  })
  .strict();

const readiness = z.union([
  z.object({ port: z.number().int().min(1).max(65535), proto: z.enum(['tcp', 'udp']).default('tcp') }).strict(),
  z.object({ output: z.string() }).strict(),
  z.object({ file: z.string() }).strict(),
  z.object({ started: z.literal(true) }).strict(),
]);

/** `xfail: reason`, or `{reason, when: {kernel: "<6.1"}, failure: text or /re/ of the failure message}`. */
const xfail = z
  .union([
    z.string(),
    z
      .object({
        reason: z.string(),
        when: z
          .object({ kernel: z.string().regex(/^(>=|<=|>|<|=)?\s*\d+(\.\d+){0,2}$/, 'write a kernel range like "<6.1" or ">=5.10"') })
          .strict()
          .optional(),
        failure: z.string().optional(),
      })
      .strict(),
  ])
  .transform((v) => (typeof v === 'string' ? { reason: v } : v));

/** A step's deadline when it is a kernel selftest and sets no `timeout:` (kselftest's own default). */
export const DEFAULT_KSELFTEST_TIMEOUT_MS = 45_000;

/** `kselftest: path`, or `{script, args, helpers}`: a selftest script of the project, relative to the scenario file. */
const kselftest = z
  .union([
    z.string().min(1),
    z
      .object({
        script: z.string().min(1),
        args: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
        /** C helpers it calls (nettest): each NAME.c beside the script is built in the sandbox and put first on its PATH. */
        helpers: z
          .array(z.string().regex(COMMAND_NAME, 'a helper is named as the command it builds (nettest), its source NAME.c beside the script'))
          .default([]),
      })
      .strict(),
  ])
  .transform((v) => (typeof v === 'string' ? { script: v, args: [] as string[], helpers: [] as string[] } : v));

export const stepSchema = z
  .object({
    name: z.string().min(1),
    in: z.string().default('host'),
    run: z.string().optional(),
    /** Type `run` into this named shell, kept for the whole scenario (variables, cd, a shell opened inside carry over). */
    terminal: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a terminal name: letters, digits, - _ .')
      .optional(),
    background: z.string().optional(),
    /** Run a kernel selftest: exit 0 passes, 4 skips, anything else fails; its results become subtests. */
    kselftest: kselftest.optional(),
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'ids use letters, digits, - _ .')
      .optional(),
    ready: readiness.optional(),
    stop: z.string().optional(),
    timeout: duration.optional(),
    interrupt_after: duration.optional(),
    expect: expectSchema.optional(),
    xfail: xfail.optional(),
    save: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'variable names are UPPER_CASE'), z.string()).optional(),
    skip_unless: z.object({ run: z.string(), reason: z.string() }).strict().optional(),
    from_doc: z.union([z.literal(false), z.string().min(1)]).optional(),
  })
  .strict();

const cidr = z.string().regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/, 'write an address with its prefix, like 10.0.2.15/24');
const ipv4 = z.string().regex(/^\d+\.\d+\.\d+\.\d+$/, 'write a plain IPv4 address');

/** A Linux interface name, as the kernel accepts it (dev_valid_name): checked at load, not at run time. */
const interfaceName = z.string().superRefine((name, ctx) => {
  const why =
    name === '' || name === '.' || name === '..'
      ? 'is not an interface name'
      : Buffer.byteLength(name) > 15
        ? "is longer than 15 characters (the kernel's limit for interface names)"
        : /\s/.test(name)
          ? 'has a space in it (interface names cannot)'
          : /[/:]/.test(name)
            ? 'has a "/" or ":" in it (interface names cannot)'
            : undefined;
  if (why) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `interface name "${name}" ${why}` });
});

export const worldSchema = z
  .object({
    uplink: z
      .object({
        name: interfaceName.default('eth0'),
        address: cidr.default('10.0.2.15/24'),
        gateway: ipv4.default('10.0.2.2'),
      })
      .strict()
      .default({}),
    internet: z.array(ipv4).default(['203.0.113.10']),
    client: cidr.default('192.0.2.20/24'),
  })
  .strict();

/** `vars:` and a `repeat:` item: names usable as `${name}`, values as text. */
export const varsSchema = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names use letters, digits and _'),
  z.union([z.string(), z.number(), z.boolean()]).transform(String),
);

export const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by -'),
    title: z.string().min(1),
    tags: z.array(z.string()).default([]),
    source: z
      .object({
        doc: z.string(),
        section: z.string(),
        substitutes: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    requires: z
      .object({
        commands: z
          .array(z.string().regex(COMMAND_NAME, 'a command name (letters, digits and . _ + -), not a command line: list each command alone'))
          .default([]),
        kernel: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a kernel module or feature name (veth, vxlan, sch_netem...)')).default([]),
        min_kernel: z
          .string()
          .regex(/^\d+(\.\d+){0,2}$/)
          .optional(),
        /** A kselftest-style config fragment (CONFIG_X=y|m lines), relative to the scenario file, inside the project. */
        kernel_config: z.string().min(1, 'a config fragment file, relative to the scenario file').optional(),
      })
      .strict()
      .default({}),
    world: worldSchema.optional(),
    /** What the scenario's sandbox may use: `memory` replaces the default limit (README). */
    resources: z.object({ memory: memorySize.optional() }).strict().default({}),
    /** Replaced as `${name}` in the steps when the file is loaded. */
    vars: varsSchema.default({}),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioData = z.output<typeof scenarioSchema>;
export type StepData = z.output<typeof stepSchema>;
export type Expectations = z.output<typeof expectSchema>;
export type WorldSpec = z.output<typeof worldSchema>;
export type Readiness = z.output<typeof readiness>;
export type XfailSpec = z.output<typeof xfail>;
