// `transcript:` stdout + stderr against the lines a document printed (docs/transcripts.md).
import { z } from 'zod';
import { outputKind } from '../kind.js';
import { checkTranscript } from '../transcript.js';

/** Lines a document printed; as an object also where they are and whether only the first lines are shown. */
const schema = z.union([
  z.array(z.string()),
  z.object({ lines: z.array(z.string()), file: z.string().optional(), line: z.number().int().min(1).optional(), head: z.boolean().optional() }).strict(),
]);

export const transcript = outputKind({
  key: 'transcript',
  schema,
  connectivity: false,
  onStopStep: false,
  onKselftestStep: false,
  example: { lines: ['hello', '...'], file: 'README.md', line: 12 },
  check: (spec, r) => [checkTranscript(spec, r.stdout + r.stderr)],
});
