// `json:` a list match on what the command printed as JSON (`ip -j route get ...`).
import { outputKind } from '../kind.js';
import { listMatch } from '../match-schemas.js';
import { checkJson } from '../state.js';

export const json = outputKind({
  key: 'json',
  schema: listMatch,
  connectivity: false,
  onStopStep: false,
  onKselftestStep: true,
  example: { has: [{ dst: '10.0.0.0/24' }] },
  check: (spec, r) => checkJson(spec, r.stdout),
});
