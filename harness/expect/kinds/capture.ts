// `capture:` the packets a background `tcpdump -n -l` printed so far: seen, never seen, in order.
import { z } from 'zod';
import { checkCapture } from '../capture.js';
import { sandboxKind } from '../kind.js';

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
export type CaptureExpect = z.output<typeof captureExpect>;
export type PacketPattern = z.output<typeof packet>;

export const capture = sandboxKind({
  key: 'capture',
  schema: captureExpect,
  reads: 'background',
  connectivity: true,
  example: { from: 'cap', lacks: [{ text: '/echo (request|reply)/', src: '/^172\\.18\\./' }] },
  fileProblems: (spec, before) => (before.backgrounds.has(spec.from) ? [] : [{ path: ['from'], message: `no earlier background step has id "${spec.from}"` }]),
  check: checkCapture,
});
