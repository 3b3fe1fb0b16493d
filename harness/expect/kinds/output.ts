// `output:` a text match on stdout then stderr.
import { streamKind } from '../text.js';

export const output = streamKind('output');
