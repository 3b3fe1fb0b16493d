// requires.kernel takes any module or feature name: the harness loads what it can on the
// sandboxes' kernel before the first sandbox (sandboxes cannot), says so, and a scenario whose
// feature is absent is skipped with the reason, never failed.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadHostModules } from '../../harness/backends/kernel-modules.js';
import { cli, HEAD, scenarioDir } from './helpers.js';

const needs = (id: string, kernel: string) =>
  `${HEAD(id)}requires: { kernel: [${kernel}] }\nsteps:\n  - name: link\n    run: ip link add v0 type veth peer name v1\n`;

describe('kernel requirements', () => {
  it('skips a scenario whose kernel feature is absent, naming it, and runs one whose features are there', async () => {
    const dir = await scenarioDir({ 'absent.yaml': needs('absent', 'nr_no_such_feature'), 'present.yaml': needs('present', 'veth, bridge') });
    const r = await cli(['run', dir, '--out', `${dir}/out`]);
    expect(r.all).toMatch(/- absent 0\/1 steps.*kernel feature not available: nr_no_such_feature/);
    expect(r.all).toMatch(/✓ present 1\/1 steps/);
    expect(r.all).toMatch(/kernel modules: /);
    expect(r.exitCode).toBe(0);
  });

  it('probes for them without a trace in the sandbox: no interface index used, no firewall table made, lo untouched', async () => {
    // A probe that made a bridge in the sandbox shifted every index after it, but only in the
    // first sandbox of a run (the answer is kept): `bridge link` then named a veth's peer
    // `@if2` in one scenario and `@br0` in the next, and a replayed document failed by turns.
    const dir = await scenarioDir({
      'probed.yaml': `${HEAD('probed')}requires: { kernel: [veth, bridge, nf_nat, nf_conntrack, xt_LOG, macvlan, sch_htb] }
steps:
  - name: the first link made is index 2, no table is there, lo has its default qdisc
    run: |
      ip link add d0 type bridge
      echo "index $(ip -o link show d0 | cut -d: -f1), tables $(iptables-save | grep -c '^\\*'), lo $(tc qdisc show dev lo | cut -d' ' -f2)."
    expect: { stdout: 'index 2, tables 0, lo noqueue.' }
`,
    });
    const r = await cli(['run', dir, '--out', `${dir}/out`]);
    expect(r.all).toMatch(/✓ probed 1\/1 steps/);
    expect(r.exitCode, r.all).toBe(0);
  });

  it('rejects a name that is no module name, at its position', async () => {
    const dir = await scenarioDir({ 'bad.yaml': needs('bad', '"two words"') });
    const r = await cli(['check', dir]);
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/bad\.yaml:4:\d+: .*kernel module or feature name/);
  });

  it('loads modules only where the kernel has loadable modules, and says which it loaded', async () => {
    const report = await loadHostModules(['veth', 'nr_no_such_module']);
    expect(report.loadable).toBe(existsSync('/proc/modules'));
    if (report.loadable) {
      expect([...report.loaded, ...report.present]).toContain('veth');
      expect(report.missing.nr_no_such_module).toBeTruthy();
    } else expect(report.loaded).toEqual([]);
  });
});
