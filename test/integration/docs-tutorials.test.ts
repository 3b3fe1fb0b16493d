// Five public tutorials by five authors, as published (test/fixtures/docs/tutorials/README.md),
// replayed in one `docs run` with at most three directives each: what they say that a real
// machine does not print is what the run reports, document by document.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentReplay } from '../../harness/docs/replay-report.js';
import { ROOT, cli, tempDir } from './helpers.js';

const DIR = 'test/fixtures/docs/tutorials';
/** sha256 of each document as its author published it (the fixtures' first commit). */
const PUBLISHED: Record<string, string> = {
  'technbd-network-namespaces.md': '95fc54b4752d85930978ce3c5c882b40d7c1bb00de017bab65c6ee70807dd0a3',
  'xyxj1024-linux-network-namespaces.md': '080d1da99122acbccea9327d5f0c5515e745a89f639c26f06003cfcb47bcd5e3',
  'yamaga-source-nat.md': '67649411a8b882910987efa9ac4c2473c0225e435513b9f6739dcac49dea733d',
  'shubhamtatvamasi-linux-networking.md': 'c1da55ae1b739bafaf89def0e9d7ac607d9ccffebaf3de95d12c3da98999de74',
  'azusachino-ip-netns.md': '63b6d65c64a7adc283bb0880e6c4f32f39afe362ffe1600087485c32c4feb726',
};
const FILES = Object.keys(PUBLISHED).map((f) => `${DIR}/${f}`);
const DIRECTIVE_LINE = /^<!-- netrecipes: .* -->\n/gm;

describe('public tutorials, replayed as published', () => {
  let all = '';
  let report: DocumentReplay[] = [];
  let exitCode: number | undefined;
  const of = (name: string) => report.find((r) => r.file.endsWith(name))!;
  const lines = (r: DocumentReplay) => r.mismatches.map((m) => m.line);

  beforeAll(async () => {
    const out = await tempDir();
    const r = await cli(['docs', 'run', ...FILES, '--out', out, '-v']);
    ({ all, exitCode } = { all: r.all ?? '', exitCode: r.exitCode });
    report = JSON.parse(readFileSync(join(out, 'docs-run.json'), 'utf8')) as DocumentReplay[];
  }, 300_000);

  it('are the documents their authors published, plus at most three directives each', () => {
    for (const [name, sha] of Object.entries(PUBLISHED)) {
      const text = readFileSync(join(ROOT, DIR, name), 'utf8');
      expect((text.match(DIRECTIVE_LINE) ?? []).length, name).toBeLessThanOrEqual(3);
      expect(createHash('sha256').update(text.replace(DIRECTIVE_LINE, '')).digest('hex'), name).toBe(sha);
    }
  });

  it('technbd: bare fences of sudo commands and # comments, templates that need a value, a shell opened in each namespace; ip netns lists the newest first', () => {
    expect(exitCode, all).toBe(1);
    const r = of('technbd-network-namespaces.md');
    expect([r.commands, r.replayed, r.stopped]).toEqual([20, 20, undefined]);
    // The document's `sudo ip netns` output lists ns1 before ns2; the machine lists ns2 first.
    expect(lines(r)).toEqual([30]);
    expect(r.notes.filter((n) => n.kind === 'needs a value').map((n) => n.line)).toEqual([20, 51, 51, 60, 60, 60, 60, 71, 71]);
    expect(r.blocks.map((b) => b.how)).toEqual(Array(11).fill('script'));
    expect(all).toContain(`${DIR}/technbd-network-namespaces.md:78 script: 3 commands, 1 with the output pasted under it, 1 comment`);
  });

  it('xyxj1024: console sessions with link-netns and two terminals; the ARP tables come from another run than the links, the host was an EC2 instance, tcpdump words its header differently now', () => {
    const r = of('xyxj1024-linux-network-namespaces.md');
    expect([r.commands, r.replayed, r.stopped]).toEqual([23, 23, undefined]);
    // ip link show twice (EC2's eth0, mtu 9001), arp (EC2's gateway), tcpdump's header (tcpdump 4.9 words).
    expect(lines(r)).toEqual([56, 76, 92, 142]);
    expect(r.macConflicts.map((c) => c.line)).toEqual([175, 179]);
    // `ip link show` in ns-1 (link-netns ns-2, index 4, @if3), route and iptables -L match the machine.
    expect(r.notes.map((n) => [n.line, n.kind])).toEqual([[17, 'skipped'], [23, 'skipped'], [155, 'not understood']]);
  });

  it('yamaga-shu: the router namespace never enables forwarding, so the captures show no translated ping', () => {
    const r = of('yamaga-source-nat.md');
    expect([r.commands, r.replayed, r.stopped]).toEqual([25, 25, undefined]);
    expect(lines(r)).toEqual([105, 119]);
    expect(r.mismatches[1]!.diff).toContain('- IP 203.0.113.254 > 203.0.113.1: ICMP echo request, id 39888, seq 1, length 64');
  });

  it('ShubhamTatvamasi: a shell opened in red and never left; moving veth-red into red fails, as the document deletes it first', () => {
    const r = of('shubhamtatvamasi-linux-networking.md');
    expect(r.stopped).toMatchObject({ line: 89, command: '$ ip link set veth-red netns red', notRun: 20 });
    expect(r.skipped.map((s) => s.line)).toEqual([36]);
    expect(r.commands).toBe(39);
  });

  it('azusachino: a reference section skipped, a shell opened with nsenter; the rest replays as written', () => {
    const r = of('azusachino-ip-netns.md');
    expect([r.commands, r.replayed, r.mismatches.length, r.stopped]).toEqual([11, 11, 0, undefined]);
    expect(r.notes.map((n) => n.why)).toEqual([`section "Enter new NetNS" skipped (line 9): what the author's inspect_net_stack.sh printed; the script is not in the document`]);
  });
});
