// `neighbours:` the ARP and NDP entries of the step's netns.
import { queryKind } from '../state.js';

export const neighbours = queryKind('neighbours', 'ip -j neigh show');
