// Six public tutorials by six authors (test/fixtures/docs/tutorials/README.md): their fenced
// blocks (commands and outputs) as published, their prose replaced by our own words, replayed in
// one `docs run` with at most three directives each: what they say that a real machine does not
// print is what the run reports, document by document.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentReplay } from '../../harness/docs/replay-report.js';
import { ROOT, cli, tempDir } from './helpers.js';

const DIR = 'test/fixtures/docs/tutorials';
/**
 * sha256 of each document's fenced blocks as its author published them (`fencedBlocks` of the
 * fixtures' first commit, 6b0e643, for the first five; of the published Markdown for ericharkat's):
 * what `docs run` reads and judges, kept byte for byte.
 */
const PUBLISHED_BLOCKS: Record<string, string> = {
  'technbd-network-namespaces.md': '57671b4c25fd5a469eda0e11459aedbcadf60b2434792e1246169dae2185113f',
  'xyxj1024-linux-network-namespaces.md': '0a8431ef3ce58f8651094e7eadf95d74ad0c52a62867f94ae9f20b6aeeee0165',
  'yamaga-source-nat.md': '436765248e67e9223260ea35ca1d019a03b0b1a8478e81cd66528e1d371fdd72',
  'shubhamtatvamasi-linux-networking.md': '4b9b85c6f57824265adbb25f0bc17be5759f5e482813f0ee7ba39ba08a7aa9fe',
  'azusachino-ip-netns.md': 'cb6e654dc97ddbe4875520522044e59cf32190288fea1d40615833c8f4c82c0e',
  'ericharkat-linux-bridge.md': '13087c4157756daa3f8ea9b6cda27247bfab01e59919e3763132baa920e53370',
};
const FILES = Object.keys(PUBLISHED_BLOCKS).map((f) => `${DIR}/${f}`);
const DIRECTIVE_LINE = /^<!-- netrecipes: .* -->\n/gm;

/** The fenced blocks of a Markdown text in order, fence lines included, each line ending in \n (prose and directives are outside). */
function fencedBlocks(text: string): string {
  let open: string | undefined;
  let out = '';
  for (const line of text.replace(/\r$/gm, '').split('\n')) {
    const fence = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    const closes = open !== undefined && fence !== null && fence[1]!.startsWith(open) && !fence[2]!.trim();
    if (open === undefined && fence) open = fence[1];
    if (open !== undefined) out += `${line}\n`;
    if (closes) open = undefined;
  }
  return out;
}

describe('public tutorials, their commands and outputs replayed as published', () => {
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

  it('keep the fenced blocks their authors published, byte for byte, plus at most three directives each', () => {
    for (const [name, sha] of Object.entries(PUBLISHED_BLOCKS)) {
      const text = readFileSync(join(ROOT, DIR, name), 'utf8');
      expect((text.match(DIRECTIVE_LINE) ?? []).length, name).toBeLessThanOrEqual(3);
      expect(createHash('sha256').update(fencedBlocks(text)).digest('hex'), name).toBe(sha);
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
    expect(lines(r)).toEqual([49, 69, 85, 135]);
    expect(r.macConflicts.map((c) => c.line)).toEqual([168, 172]);
    // `ip link show` in ns-1 (link-netns ns-2, index 4, @if3), route and iptables -L match the machine.
    expect(r.notes.map((n) => [n.line, n.kind])).toEqual([
      [11, 'skipped'],
      [17, 'skipped'],
      [148, 'not understood'],
    ]);
  });

  it('yamaga-shu: the router namespace never enables forwarding, so the captures show no translated ping', () => {
    const r = of('yamaga-source-nat.md');
    expect([r.commands, r.replayed, r.stopped]).toEqual([25, 25, undefined]);
    expect(lines(r)).toEqual([97, 111]);
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
    expect(r.notes.map((n) => n.why)).toEqual([
      `section "Enter new NetNS" skipped (line 9): what the author's inspect_net_stack.sh printed; the script is not in the document`,
    ]);
  });

  it('ericharkat: names and addresses set as shell variables in five blocks, used as $NS1 and ${VPEER1} by every later block; all of it replays as written', () => {
    const r = of('ericharkat-linux-bridge.md');
    // Every command after the assignments exits 0 only with the variables they set (in a fresh
    // shell `ip netns add $NS1` exits 1 and stops the rest): the document's one terminal keeps them.
    expect([r.commands, r.replayed, r.mismatches.length, r.stopped, r.notes]).toEqual([35, 35, 0, undefined, []]);
    expect(r.blocks.map((b) => b.how)).toEqual(Array(17).fill('script'));
    // five blocks of two assignments each, then the commands that use them
    expect(r.blocks.map((b) => b.commands)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 4, 2, 2, 2, 1, 2, 2]);
    expect(all).toContain(`${DIR}/ericharkat-linux-bridge.md:16 script: 2 commands`);
    expect(all).toMatch(/✓ doc-ericharkat-linux-bridge#15 \$ ip link set \$\{VPEER1\} netns \$\{NS1\}/);
    expect(all).toMatch(/✓ doc-ericharkat-linux-bridge#35 \$ iptables -t nat -A POSTROUTING -s \$\{BR_ADDR\}\/16 ! -o \$\{BR_DEV\} -j MASQUERADE/);
  });
});
