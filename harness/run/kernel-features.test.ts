import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { kernelProbe, missingKernelFeature } from './kernel-features.js';

const failed = (name: string, command: string) => ({ ...captured(name), command });

describe('the requires.kernel name a command failing for want of a kernel feature needs', () => {
  it('"Unknown device type" from ip link add names the link kind\'s module', () => {
    expect(missingKernelFeature(failed('ip-link-unknown-type', 'ip link add d0 type dummy'))).toBe('dummy');
    expect(missingKernelFeature(failed('ip-link-unknown-type', 'ip link add bond0 type bond mode 802.3ad'))).toBe('bonding');
    expect(missingKernelFeature(failed('ip-link-unknown-type', 'ip link add wg0 type wireguard'))).toBe('wireguard');
    expect(missingKernelFeature(failed('ip-link-unknown-type', 'ip link add mv0 link eth0 type macvlan mode bridge'))).toBe('macvlan');
  });
  it('"Specified qdisc kind is unknown" from tc names sch_KIND', () => {
    expect(missingKernelFeature(failed('tc-qdisc-unknown-kind', 'tc qdisc add dev lo root netem delay 10ms'))).toBe('sch_netem');
    expect(missingKernelFeature(failed('tc-qdisc-unknown-kind', 'tc qdisc replace dev eth0 parent 1:1 handle 10: fq_codel'))).toBe('sch_fq_codel');
    expect(missingKernelFeature(failed('tc-qdisc-unknown-kind', 'tc qdisc add dev eth0 clsact'))).toBe('sch_ingress');
  });
  it('reads the line that failed in a script of several', () => {
    const r = { ...failed('ip-link-unknown-type', 'ip link add v0 type veth peer name v1\nip link add d0 type dummy\nip link set d0 up'), failedLine: 2 };
    expect(missingKernelFeature(r)).toBe('dummy');
  });
  it('says nothing for other failures', () => {
    expect(missingKernelFeature({ command: 'ip link add d0 type dummy', stderr: 'RTNETLINK answers: File exists\n' })).toBeUndefined();
  });
  it("probes the names it suggests by the kernel's own answer", () => {
    expect(kernelProbe('sch_cake')).toContain('tc qdisc add dev lo root cake');
    expect(kernelProbe('bonding')).toContain('type bond');
  });
});
