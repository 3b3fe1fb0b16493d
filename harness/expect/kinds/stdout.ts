// `stdout:` a text match on what the command printed on stdout.
import { streamKind } from '../text.js';

export const stdout = streamKind('stdout');
