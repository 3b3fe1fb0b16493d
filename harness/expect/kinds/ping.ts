// `ping:` what one ping printed: a reply, the first error, or silence; its counts and MTU.
import { z } from 'zod';
import { outputKind } from '../kind.js';
import { numberMatch } from '../match-schemas.js';
import { checkPing, parsePing, pingExitHolds } from '../ping.js';

export const PING_KINDS = [
  'ok',
  'network-unreachable',
  'host-unreachable',
  'port-unreachable',
  'protocol-unreachable',
  'prohibited',
  'frag-needed',
  'ttl-exceeded',
  'redirect',
  'other-error',
  'timeout',
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
export type PingExpect = z.output<typeof pingExpect>;

export const ping = outputKind({
  key: 'ping',
  schema: pingExpect,
  connectivity: true,
  onStopStep: false,
  onKselftestStep: false,
  example: 'ok',
  tool: { command: 'ping', exit: (_spec, r) => pingExitHolds(parsePing(r), r.exitCode) },
  check: checkPing,
});
