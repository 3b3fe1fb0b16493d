// `links:` the interfaces of the step's netns, with `kind` (veth, bridge...) from linkinfo.
import { queryKind, type Row } from '../state.js';

const withKind = (links: Row[]): Row[] => links.map((l) => ({ ...l, kind: (l.linkinfo as Row | undefined)?.info_kind ?? null }));

export const links = queryKind('links', 'ip -j -d link show', withKind);
