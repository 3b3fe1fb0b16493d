// `addresses:` one item per address, with `address` as "local/prefixlen", beside the link's name.
import { queryKind, type Row } from '../state.js';
import { field } from '../../text/json-field.js';

const perAddress = (links: Row[]): Row[] =>
  links.flatMap((l) => ((l.addr_info as Row[] | undefined) ?? []).map((a) => ({ ifname: l.ifname, ...a, address: `${field(a.local)}/${field(a.prefixlen)}` })));

export const addresses = queryKind('addresses', 'ip -j addr show', perAddress);
