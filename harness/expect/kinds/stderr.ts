// `stderr:` a text match on what the command printed on stderr.
import { streamKind } from '../text.js';

export const stderr = streamKind('stderr');
