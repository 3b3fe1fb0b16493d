// `fdb:` the bridges' forwarding entries (`args: br br0` narrows them to one bridge).
import { queryKind } from '../state.js';

export const fdb = queryKind('fdb', 'bridge -j fdb show');
