// `curl:` one curl's HTTP status and body, or why it failed.
import { z } from 'zod';
import { checkCurl, curlExitFor } from '../curl.js';
import { outputKind } from '../kind.js';
import { textMatch } from '../match-schemas.js';
import { exitHolds } from './exit.js';

export const CURL_FAILURES = ['refused', 'timeout', 'unreachable', 'reset', 'empty-reply', 'dns', 'other'] as const;
const curlExpect = z
  .object({
    status: z.number().int().optional(),
    body: textMatch.optional(),
    failure: z.enum(CURL_FAILURES).optional(),
  })
  .strict();
export type CurlExpect = z.output<typeof curlExpect>;

export const curl = outputKind({
  key: 'curl',
  schema: curlExpect,
  connectivity: true,
  onStopStep: false,
  onKselftestStep: false,
  example: { status: 200, body: 'hello' },
  tool: { command: 'curl', exit: (spec, r) => exitHolds(curlExitFor(spec), r.exitCode) },
  check: checkCurl,
});
