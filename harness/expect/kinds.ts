// Every expectation kind, in the order of the `expect:` object (the schema's keys, the hints for
// a mistyped key). A kind is its file under kinds/ and its line here; docs/scenario-format.md
// describes it for people. docs/architecture.md, "Adding an expectation kind".
import type { z } from 'zod';
import type { ExpectKind, OutputKind, SandboxKind } from './kind.js';
import { addresses } from './kinds/addresses.js';
import { capture } from './kinds/capture.js';
import { conntrack } from './kinds/conntrack.js';
import { curl } from './kinds/curl.js';
import { ebtables } from './kinds/ebtables.js';
import { exit } from './kinds/exit.js';
import { fdb } from './kinds/fdb.js';
import { iptables } from './kinds/iptables.js';
import { json } from './kinds/json.js';
import { links } from './kinds/links.js';
import { neighbours } from './kinds/neighbours.js';
import { nft } from './kinds/nft.js';
import { output } from './kinds/output.js';
import { ping } from './kinds/ping.js';
import { routes } from './kinds/routes.js';
import { stderr } from './kinds/stderr.js';
import { stdout } from './kinds/stdout.js';
import { transcript } from './kinds/transcript.js';

const LIST = [
  exit,
  stdout,
  stderr,
  output,
  ping,
  curl,
  json,
  links,
  addresses,
  routes,
  neighbours,
  fdb,
  iptables,
  ebtables,
  nft,
  conntrack,
  capture,
  transcript,
] as const;
type Listed = (typeof LIST)[number];

/** The kinds, as the code that walks them sees them. */
export const KINDS: readonly ExpectKind[] = LIST;
export const OUTPUT_KINDS = KINDS.filter((k): k is OutputKind => k.reads === 'output');
export const SANDBOX_KINDS = KINDS.filter((k): k is SandboxKind => k.reads !== 'output');

/** The kinds' keys of `expect:`, each optional, with its schema: what scenario/schema.ts builds `expect:` from. */
export type KindShape = { [K in Listed as K['key']]: z.ZodOptional<K['schema']> };
export const kindShape = (): KindShape => Object.fromEntries(LIST.map((k) => [k.key, k.schema.optional()])) as KindShape;

/** What a step's `expect:` says, kind by kind, once parsed. */
export type KindValues = { [K in Listed as K['key']]?: z.output<K['schema']> };

/** The kinds `e` writes, each with its value, in the list's order. */
export function written<K extends ExpectKind>(kinds: readonly K[], e: KindValues): { kind: K; spec: unknown }[] {
  return kinds.flatMap((kind) => {
    const spec = (e as Record<string, unknown>)[kind.key];
    return spec === undefined ? [] : [{ kind, spec }];
  });
}
