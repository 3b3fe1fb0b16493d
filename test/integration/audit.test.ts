// `netrecipes audit`: every state-changing command replayed away in its own sandbox; the
// tutorials' deliberately unnecessary FORWARD rules come out as changing nothing that is checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../harness/audit/audit.js';
import { HEAD, cli, scenarioDir, tempDir } from './helpers.js';

const TUTORIALS = ['test/fixtures/docs/routed-namespaces.md', 'test/fixtures/docs/bridge-lab.md', 'test/fixtures/docs/nat-to-internet.md'];

describe('netrecipes audit', () => {
  it('names the unnecessary FORWARD rule of each tutorial and explains what the needed commands guard', async () => {
    const out = await tempDir();
    const r = await cli(['audit', ...TUTORIALS, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditReport;
    const verdictOf = (file: string, command: RegExp) => report.findings.find((f) => f.file === file && command.test(f.command));
    expect(verdictOf(TUTORIALS[0]!, /iptables -A FORWARD -i r-red -o r-blue -j ACCEPT/)?.verdict).toBe('unchecked');
    expect(verdictOf(TUTORIALS[1]!, /iptables -A FORWARD -i br0 -o br0 -j ACCEPT/)).toMatchObject({
      verdict: 'unchecked',
      explanation: expect.stringMatching(/only a listing shows it: step 8 \(test\/fixtures\/docs\/bridge-lab\.md:44\)/),
    });
    expect(verdictOf(TUTORIALS[2]!, /iptables -A FORWARD -s 10\.40\.0\.0\/24 -j ACCEPT/)?.verdict).toBe('unchecked');
    // The fixes the documents are about are needed, each with the step that breaks without it.
    expect(verdictOf(TUTORIALS[0]!, /sysctl -w net\.ipv4\.ip_forward=1/)).toMatchObject({ verdict: 'needed', breaks: { step: 24, line: 75 } });
    expect(verdictOf(TUTORIALS[2]!, /MASQUERADE/)).toMatchObject({
      verdict: 'needed',
      breaks: { name: '$ sudo ip netns exec app ping -c 3 -i 0.2 203.0.113.10' },
    });
    expect(verdictOf(TUTORIALS[2]!, /route add default via 10\.40\.0\.1/)?.verdict).toBe('needed');
    expect(r.stdout).toMatch(/state-changing commands in 3 scenarios or documents: \d+ needed, \d+ change nothing that is checked \(\d+ replays, [\d.]+ s/);
  }, 300_000);

  it('takes the commands of a multi-line step away one at a time and names each line', async () => {
    const yaml = `${HEAD('audit-lines')}steps:
  - name: two veth pairs, one end up
    run: |
      ip link add v0 type veth peer name v1
      ip link add w0 type veth peer name w1
      ip link set v0 up
  - name: v0 is up, its peer down
    run: ip -br link show v0
    expect: { output: LOWERLAYERDOWN }
`;
    const dir = await scenarioDir({ 'lines.yaml': yaml });
    const out = await tempDir();
    const r = await cli(['audit', join(dir, 'lines.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditReport;
    expect(report.findings.map((f) => [f.line, f.command, f.verdict])).toEqual([
      [7, 'ip link add v0 type veth peer name v1', 'needed'],
      [8, 'ip link add w0 type veth peer name w1', 'unchecked'],
      [9, 'ip link set v0 up', 'needed'],
    ]);
    expect(report.findings[2]!.explanation).toMatch(/^needed: without it step 2 "v0 is up, its peer down" \(\S*lines\.yaml:10\) fails/);
    expect(r.stdout).toMatch(/lines\.yaml:8 +ip link add w0 type veth peer name w1 +unchecked/);
  }, 120_000);
});
