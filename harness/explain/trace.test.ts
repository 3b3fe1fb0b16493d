import { expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { parseTraceDrops } from './trace.js';

it('reads the policy or rule that dropped a traced packet from captured nft monitor trace', () => {
  expect(parseTraceDrops(captured('nft-trace-forward-drop').stdout)).toEqual(['filter FORWARD policy drop']);
  expect(parseTraceDrops('trace id 1 ip filter DOCKER-ISOLATION-STAGE-2 rule oifname "br0" counter packets 1 bytes 84 drop (verdict drop)\n')).toEqual([
    'filter DOCKER-ISOLATION-STAGE-2 rule oifname "br0" counter packets 1 bytes 84 drop',
  ]);
});
