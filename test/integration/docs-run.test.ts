// `netrecipes docs run`: Markdown transcripts replayed in sandboxes; a wrong printed line is
// reported at its file:line with both versions.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scenarioDir, tempDir, validateJunit } from './helpers.js';

const EXAMPLES = ['docs/examples/bridge-walkthrough.md', 'docs/examples/port-publish.md'];
const TUTORIALS = ['test/fixtures/docs/routed-namespaces.md', 'test/fixtures/docs/bridge-lab.md', 'test/fixtures/docs/nat-to-internet.md'];

describe('netrecipes docs run', () => {
  it('replays the sample documents green and writes valid JUnit', async () => {
    const out = await tempDir();
    const r = await cli(['docs', 'run', ...EXAMPLES, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('2 passed, 0 failed');
    expect((await validateJunit(join(out, 'docs-run-junit.xml'))).ok).toBe(true);
  });

  it('reports a wrong transcript line with file:line and the diff', async () => {
    const text = readFileSync(join(ROOT, EXAMPLES[0]!), 'utf8').replace(
      '2 packets transmitted, 2 received, 0% packet loss, time 201ms',
      '2 packets transmitted, 1 received, 50% packet loss, time 201ms',
    );
    const dir = await scenarioDir({ 'wrong.md': text });
    const out = await tempDir();
    const r = await cli(['docs', 'run', join(dir, 'wrong.md'), '--out', out]);
    expect(r.exitCode, r.all).toBe(1);
    const line = text.split('\n').findIndex((l) => l.startsWith('$ ping -c 2 -i 0.2 10.20.0.20')) + 1;
    expect(r.all).toContain(`wrong.md:${line} step 17 "$ ping -c 2 -i 0.2 10.20.0.20": transcript`);
    // The console shows the first differing lines under the step, not only "1 mismatch".
    expect(r.all).toMatch(
      /step 17 "\$ ping -c 2 -i 0\.2 10\.20\.0\.20": transcript: [^\n]*1 mismatch[^\n]*\n {4}@@ [^\n]*wrong\.md:\d+ @@\n {4}- 2 packets transmitted, 1 received, 50% packet loss, time 201ms\n {4}\+ 2 packets transmitted, 2 received, 0% packet loss, time/,
    );
    const xml = readFileSync(join(out, 'docs-run-junit.xml'), 'utf8');
    expect(xml).toContain('- 2 packets transmitted, 1 received, 50% packet loss, time 201ms');
    expect(xml).toContain('+ 2 packets transmitted, 2 received, 0% packet loss, time');
  });

  it('replays a document in one terminal: a variable, cd, a function, a shell opened in a netns and three commands typed into it, exit; no directive', async () => {
    const out = await tempDir();
    const r = await cli(['docs', 'run', 'test/fixtures/docs/namespace-by-hand.md', '--out', out, '-v']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('✓ doc-namespace-by-hand#8 $ ip netns identify');
    expect(r.all).toContain('1 passed, 0 failed');
  });

  it('rejects an unknown directive at its line: exit 2', async () => {
    const dir = await scenarioDir({ 'bad.md': '# t\n\n<!-- netrecipes: inn=ns0 -->\n```console\n$ true\n```\n' });
    const r = await cli(['docs', 'run', join(dir, 'bad.md'), '--out', await tempDir()]);
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/bad\.md:3:1: unknown directive "inn"/);
  });

  it('writes the expected output of a promptless shell block as unchecked commands', async () => {
    const dir = await scenarioDir({ 'plain.md': '# t\n\n```shell\nip netns add ns0\nip netns list\n```\n' });
    const r = await cli(['docs', 'run', join(dir, 'plain.md'), '--out', await tempDir(), '-v']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('$ ip netns list');
  });

  it('replays three real-world style tutorials in one run and reports every stale line with file:line', async () => {
    const out = await tempDir();
    const r = await cli(['docs', 'run', ...TUTORIALS, '--out', out]);
    expect(r.exitCode, r.all).toBe(1);
    // One deliberately stale output in each, each found although replay goes on after it.
    expect(r.all).toContain(
      '@@ test/fixtures/docs/routed-namespaces.md:58 @@\n    - 10.1.1.0/24 dev veth-red proto kernel scope link src 10.1.1.20\n    + 10.1.1.0/24 dev veth-red proto kernel scope link src 10.1.1.2',
    );
    expect(r.all).toContain(
      '@@ test/fixtures/docs/bridge-lab.md:16 @@\n    - br0              UNKNOWN        10.30.0.254/24\n    + br0              UNKNOWN        10.30.0.1/24',
    );
    expect(r.all).toContain(
      '@@ test/fixtures/docs/nat-to-internet.md:83 @@\n    - 192.168.122.0/24 dev virbr0 proto kernel scope link src 192.168.122.1 linkdown',
    );
    const report = JSON.parse(readFileSync(join(out, 'docs-run.json'), 'utf8')) as {
      file: string;
      mismatches: unknown[];
      notes: unknown[];
      stopped?: unknown;
      replayed: number;
      commands: number;
      skipped: { why: string }[];
    }[];
    expect(report.map((d) => [d.file, d.mismatches.length, d.notes.length, d.stopped])).toEqual(TUTORIALS.map((f) => [f, 1, 0, undefined]));
    // Every command replayed except the Docker-only block, skipped with its reason.
    expect(report.map((d) => d.commands - d.replayed)).toEqual([0, 0, 1]);
    expect(report[2]!.skipped[0]!.why).toBe("the document's block needs docker (test/fixtures/docs/nat-to-internet.md:56)");
    expect(readFileSync(join(out, 'docs-run.md'), 'utf8')).toContain('```diff\n--- document\n+++ machine\n@@ test/fixtures/docs/bridge-lab.md:16 @@');
  });

  it('--update rewrites the stale lines of copies (CRLF kept), after which --frozen passes; --frozen fails before', async () => {
    const dir = await tempDir();
    for (const f of TUTORIALS) cpSync(join(ROOT, f), join(dir, f.split('/').at(-1)!));
    const copies = TUTORIALS.map((f) => join(dir, f.split('/').at(-1)!));
    const frozen = await cli(['docs', 'run', ...copies, '--out', await tempDir(), '--frozen']);
    expect(frozen.exitCode, frozen.all).toBe(1);
    expect(frozen.all).toMatch(/frozen .*bridge-lab\.md would change:[^]*-br0 +UNKNOWN +10\.30\.0\.254\/24\n\+br0 +UNKNOWN +10\.30\.0\.1\/24\n/);
    expect(copies.map((c) => readFileSync(c, 'utf8'))).toEqual(TUTORIALS.map((f) => readFileSync(join(ROOT, f), 'utf8')));

    const update = await cli(['docs', 'run', ...copies, '--out', await tempDir(), '--update']);
    expect(update.all).toContain('updated');
    const routed = readFileSync(copies[0]!, 'utf8');
    expect(routed).toContain('\r\n10.1.1.0/24 dev veth-red proto kernel scope link src 10.1.1.2\r\n');
    expect(routed.split('\r\n').length).toBe(readFileSync(join(ROOT, TUTORIALS[0]!), 'utf8').split('\r\n').length);
    expect(readFileSync(copies[2]!, 'utf8')).not.toContain('virbr0');
    // Markers and the author's own volatile values stay: only the stale lines changed.
    expect(routed).toContain('…\r\n');
    expect(routed).toContain('time=0.093 ms');
    const again = await cli(['docs', 'run', ...copies, '--out', await tempDir(), '--frozen']);
    expect(again.exitCode, again.all).toBe(0);
  });

  it('fails a document whose outputs show one device with two MACs (pasted from different runs)', async () => {
    const show = (mac: string) => `$ ip -br link show v0\nv0@v1 DOWN ${mac} <BROADCAST,MULTICAST,M-DOWN>\n`;
    const doc = (second: string) => `# t\n\n\`\`\`console\n$ ip link add v0 type veth peer name v1\n${show('3a:00:00:00:00:01')}${show(second)}\`\`\`\n`;
    const dir = await scenarioDir({ 'spliced.md': doc('3a:00:00:00:00:02'), 'same.md': doc('3a:00:00:00:00:01') });
    const r = await cli(['docs', 'run', join(dir, 'spliced.md'), '--out', await tempDir()]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(
      /spliced\.md:8 MAC: the document shows 3a:00:00:00:00:02 here and 3a:00:00:00:00:01 at line 6 for one device \([0-9a-f:]{17} on the machine\)/,
    );
    const ok = await cli(['docs', 'run', join(dir, 'same.md'), '--out', await tempDir()]);
    expect(ok.exitCode, ok.all).toBe(0);
  });

  it('re-runs a show command until its output settles (bounded) and says so', async () => {
    const doc = [
      '# t',
      '',
      '```console',
      '$ ip link add v0 type veth peer name v1',
      '```',
      '',
      '<!-- netrecipes: background -->',
      '```console',
      '$ sleep 0.6 && ip link set v0 up && sleep 30',
      '```',
      '',
      '```console',
      '$ ip -br link show v0',
      'v0@v1 LOWERLAYERDOWN 3a:00:00:00:00:01 <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN>',
      '```',
      '',
    ].join('\n');
    const dir = await scenarioDir({ 'settle.md': doc });
    const r = await cli(['docs', 'run', join(dir, 'settle.md'), '--out', await tempDir()]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/settle\.md:13 \$ ip -br link show v0: output settled after \d+ runs/);
  });

  it('reports every mismatch of a document in one run, and names the command whose exit stopped the rest', async () => {
    const doc = [
      '# t',
      '',
      '```console',
      '$ echo one',
      'uno',
      '$ echo two',
      'dos',
      '$ echo three',
      'three',
      '$ ls /nonexistent',
      '$ echo four',
      'four',
      '$ echo five',
      '```',
      '',
    ].join('\n');
    const dir = await scenarioDir({ 'many.md': doc });
    const out = await tempDir();
    const r = await cli(['docs', 'run', join(dir, 'many.md'), '--out', out]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toContain('@@ ' + join(dir, 'many.md') + ':5 @@\n    - uno\n    + one');
    expect(r.all).toContain('@@ ' + join(dir, 'many.md') + ':7 @@\n    - dos\n    + two');
    expect(r.all).toMatch(/many\.md:10 \$ ls \/nonexistent: exit: expected exit 0, got exit 2[^\n]*; the 2 commands after it were not replayed/);
    const report = JSON.parse(readFileSync(join(out, 'docs-run.json'), 'utf8')) as {
      mismatches: { line: number }[];
      stopped: { line: number; notRun: number };
    }[];
    expect(report[0]!.mismatches.map((m) => m.line)).toEqual([4, 6]);
    expect(report[0]!.stopped).toMatchObject({ line: 10, notRun: 2 });
  });

  it('takes --retries as run does: a document that passes on its second replay is flaky, the run green', async () => {
    const dir = await scenarioDir({
      'second.md': '# Second try\n\n```console\n$ echo "replay ${NETRECIPES_ATTEMPT:-1}"; test "${NETRECIPES_ATTEMPT:-1}" -ge 2\nreplay 2\n```\n',
    });
    const out = await tempDir();
    const r = await cli(['docs', 'run', join(dir, 'second.md'), '--retries', '1', '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/0 passed, 0 failed, 0 skipped, 1 flaky/);
    expect(readFileSync(join(out, 'docs-run-junit.xml'), 'utf8')).toContain('<flakyFailure');
  });
});
