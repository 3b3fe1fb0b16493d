// The scenario file format, as a zod schema: the single source of truth for which keys exist,
// their types and defaults. docs/scenario-format.md describes the same fields for people.
import { z } from 'zod';
import { durationProblem, parseDuration } from './duration.js';
import { parseSize, sizeProblem, sizeText } from '../text/sizes.js';

const duration = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
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

const oneOrMany = <T extends z.ZodTypeAny>(t: T) => z.union([t, z.array(t)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

/** "3", 3, ">0", ">=2", "<5": a number or a comparison against one. */
const numberMatch = z.union([z.number(), z.string().regex(/^(>=|<=|>|<|=)?\s*\d+$/, 'write a number or a comparison like ">0"')]);

const textMatch = z.union([
  z.string(),
  z
    .object({
      contains: oneOrMany(z.string()).optional(),
      not_contains: oneOrMany(z.string()).optional(),
      regex: oneOrMany(z.string()).optional(),
      not_regex: oneOrMany(z.string()).optional(),
      empty: z.boolean().optional(),
    })
    .strict(),
]);

/** A partial object matched against what a tool printed as JSON (ip -j, bridge -j). */
const pattern = z.record(z.string(), z.unknown());
const listMatch = z
  .object({
    has: z.array(pattern).optional(),
    lacks: z.array(pattern).optional(),
    only: z.array(pattern).optional(),
    count: numberMatch.optional(),
    where: pattern.optional(),
  })
  .strict();
const stateMatch = listMatch.extend({ args: z.string().optional() }).strict();

export const PING_KINDS = [
  'ok', 'network-unreachable', 'host-unreachable', 'port-unreachable', 'protocol-unreachable', 'prohibited', 'frag-needed',
  'ttl-exceeded', 'redirect', 'other-error', 'timeout',
] as const;
const pingExpect = z.union([
  z.enum(PING_KINDS),
  z
    .object({
      kind: z.enum(PING_KINDS).optional(),
      transmitted: numberMatch.optional(),
      received: numberMatch.optional(),
      loss: numberMatch.optional(),
      errors: numberMatch.optional(),
      mtu: numberMatch.optional(),
    })
    .strict(),
]);

export const CURL_FAILURES = ['refused', 'timeout', 'unreachable', 'reset', 'empty-reply', 'dns', 'other'] as const;
const curlExpect = z
  .object({
    status: z.number().int().optional(),
    body: textMatch.optional(),
    failure: z.enum(CURL_FAILURES).optional(),
  })
  .strict();

const tuple = z
  .object({
    src: z.string().optional(),
    dst: z.string().optional(),
    sport: z.union([z.string(), z.number()]).optional(),
    dport: z.union([z.string(), z.number()]).optional(),
    type: z.union([z.string(), z.number()]).optional(),
    code: z.union([z.string(), z.number()]).optional(),
  })
  .strict();
const conntrackExpect = z
  .object({
    proto: z.string().optional(),
    state: z.string().optional(),
    orig: tuple.optional(),
    reply: tuple.optional(),
    flags: z.array(z.string()).optional(),
    absent: z.boolean().optional(),
    args: z.string().optional(),
  })
  .strict();

const iptablesExpect = z
  .object({
    table: z.enum(['filter', 'nat', 'mangle', 'raw', 'security']).default('filter'),
    chain: z.string(),
    policy: z.string().optional(),
    rule: z.string().optional(),
    /** Where the rule sits in its chain, 1 = first (what `iptables -I CHAIN 1` makes). */
    position: z.number().int().min(1).optional(),
    packets: numberMatch.optional(),
    bytes: numberMatch.optional(),
    absent: z.boolean().optional(),
  })
  .strict();

/** The same checks on ebtables (`ebtables -t TABLE -L --Lc`); policies and targets are upper-case. */
const ebtablesExpect = iptablesExpect.extend({ table: z.enum(['filter', 'nat', 'broute']).default('filter') }).strict();

/** nftables: a table ("inet filter", or "nat" for "ip nat"), a chain, a rule by handle, comment or text. */
const nftExpect = z
  .object({
    table: z.string().regex(/^((ip|ip6|inet|arp|bridge|netdev) +)?[A-Za-z0-9_.-]+$/, 'write a table as "[family] name", like "inet filter" (just "nat" means "ip nat")'),
    chain: z.string().optional(),
    policy: z.enum(['accept', 'drop']).optional(),
    handle: z.number().int().min(1).optional(),
    comment: z.string().optional(),
    rule: z.string().optional(),
    packets: numberMatch.optional(),
    bytes: numberMatch.optional(),
    absent: z.boolean().optional(),
  })
  .strict();

const packet = z
  .object({
    proto: z.enum(['arp', 'icmp', 'tcp', 'udp', 'ip']).optional(),
    src: z.string().optional(),
    dst: z.string().optional(),
    sport: z.union([z.string(), z.number()]).optional(),
    dport: z.union([z.string(), z.number()]).optional(),
    text: z.string().optional(),
  })
  .strict();
const captureExpect = z
  .object({
    from: z.string(),
    has: z.array(packet).optional(),
    lacks: z.array(packet).optional(),
    order: z.array(packet).optional(),
  })
  .strict();

export const expectSchema = z
  .object({
    exit: z.union([z.number().int(), z.enum(['nonzero', 'any'])]).optional(),
    stdout: textMatch.optional(),
    stderr: textMatch.optional(),
    output: textMatch.optional(),
    ping: pingExpect.optional(),
    curl: curlExpect.optional(),
    json: listMatch.optional(),
    links: stateMatch.optional(),
    addresses: stateMatch.optional(),
    routes: stateMatch.optional(),
    neighbours: stateMatch.optional(),
    fdb: stateMatch.optional(),
    iptables: oneOrMany(iptablesExpect).optional(),
    ebtables: oneOrMany(ebtablesExpect).optional(),
    nft: oneOrMany(nftExpect).optional(),
    conntrack: oneOrMany(conntrackExpect).optional(),
    capture: captureExpect.optional(),
    /** Lines a document printed; as an object also where they are and whether only the first lines are shown. */
    transcript: z
      .union([
        z.array(z.string()),
        z.object({ lines: z.array(z.string()), file: z.string().optional(), line: z.number().int().min(1).optional(), head: z.boolean().optional() }).strict(),
      ])
      .optional(),
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
        when: z.object({ kernel: z.string().regex(/^(>=|<=|>|<|=)?\s*\d+(\.\d+){0,2}$/, 'write a kernel range like "<6.1" or ">=5.10"') }).strict().optional(),
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
        helpers: z.array(z.string().regex(COMMAND_NAME, 'a helper is named as the command it builds (nettest), its source NAME.c beside the script')).default([]),
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
    terminal: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a terminal name: letters, digits, - _ .').optional(),
    background: z.string().optional(),
    /** Run a kernel selftest: exit 0 passes, 4 skips, anything else fails; its results become subtests. */
    kselftest: kselftest.optional(),
    id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'ids use letters, digits, - _ .').optional(),
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
    name === '' || name === '.' || name === '..' ? 'is not an interface name'
    : Buffer.byteLength(name) > 15 ? 'is longer than 15 characters (the kernel\'s limit for interface names)'
    : /\s/.test(name) ? 'has a space in it (interface names cannot)'
    : /[/:]/.test(name) ? 'has a "/" or ":" in it (interface names cannot)'
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
        commands: z.array(z.string().regex(COMMAND_NAME, 'a command name (letters, digits and . _ + -), not a command line: list each command alone')).default([]),
        kernel: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a kernel module or feature name (veth, vxlan, sch_netem...)')).default([]),
        min_kernel: z.string().regex(/^\d+(\.\d+){0,2}$/).optional(),
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
export type ListMatch = z.output<typeof listMatch>;
export type NumberMatch = z.output<typeof numberMatch>;
export type TextMatch = z.output<typeof textMatch>;
export type PingExpect = z.output<typeof pingExpect>;
export type CurlExpect = z.output<typeof curlExpect>;
export type ConntrackExpect = z.output<typeof conntrackExpect>;
export type IptablesExpect = z.output<typeof iptablesExpect>;
export type EbtablesExpect = z.output<typeof ebtablesExpect>;
export type NftExpect = z.output<typeof nftExpect>;
export type CaptureExpect = z.output<typeof captureExpect>;
export type PacketPattern = z.output<typeof packet>;
export type Readiness = z.output<typeof readiness>;
export type XfailSpec = z.output<typeof xfail>;
type KselftestSpec = z.output<typeof kselftest>;
