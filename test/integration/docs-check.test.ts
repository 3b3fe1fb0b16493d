// `netrecipes docs check`: green on the real articles, red with a readable diff when an article
// changes a command a scenario replays.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir, validateJunit } from './helpers.js';

const SHARED = join(ROOT, '../shared');

describe('netrecipes docs check', () => {
  it('passes on the seed suite against the source articles', async () => {
    const out = await tempDir();
    const r = await cli(['docs', 'check', '--docs', SHARED, '--junit', join(out, 'docs.xml')]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/24 scenarios checked against .*: 0 drifted, 0 stale commands, \d+ coverage gaps/);
    expect(r.stdout).toContain('sudo modprobe br_netfilter'); // a gap: the sandbox never loads modules
    expect((await validateJunit(join(out, 'docs.xml'))).ok).toBe(true);
  });

  it('fails and names the scenario, step and both versions when an article changes a command', async () => {
    const docs = await tempDir();
    cpSync(join(SHARED, 'seeds'), join(docs, 'seeds'), { recursive: true });
    const article = join(docs, 'seeds/002_16364a43da949c07.txt');
    const text = readFileSync(article, 'utf8');
    expect(text).toContain('$ sudo ip link add veth0 type veth peer name ceth0');
    writeFileSync(article, text.replaceAll('ip link add veth0 type veth peer name ceth0', 'ip link add veth0 type veth peer name ceth9'));
    const out = await tempDir();
    const r = await cli(['docs', 'check', '--docs', docs, '--junit', join(out, 'docs.xml')]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toMatch(/✗ cnfs-veth-single-pair/);
    expect(r.stdout).toMatch(
      /veth-single-pair\.yaml:\d+ cnfs-veth-single-pair step 3 "create the veth pair and move ceth0 into netns0"\n\s+- scenario: ip link add veth0 type veth peer name ceth0\n\s+\+ article: +closest in the article, line \d+: sudo ip link add veth0 type veth peer name ceth9/,
    );
    const xml = readFileSync(join(out, 'docs.xml'), 'utf8');
    expect(xml).toMatch(/<failure type="DocDrift"/);
    expect((await validateJunit(join(out, 'docs.xml'))).ok).toBe(true);
  });

  it('reports a missing section as drift', async () => {
    const docs = await tempDir();
    cpSync(join(SHARED, 'seeds'), join(docs, 'seeds'), { recursive: true });
    const article = join(docs, 'seeds/000_bb7a19a06ae79665.txt');
    writeFileSync(article, readFileSync(article, 'utf8').replace('## 宿主机访问容器', '## 宿主机访问容器（改）'));
    const r = await cli(['docs', 'check', '--docs', docs, '--filter', 'dbbh-host-access', '--junit', join(await tempDir(), 'd.xml')]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('the article has no section titled "宿主机访问容器"');
  });

  it('docs extract proposes one valid skeleton per section with commands', async () => {
    const out = await tempDir();
    const r = await cli(['docs', 'extract', join(SHARED, 'seeds/000_bb7a19a06ae79665.txt'), '--as', 'seeds/000_bb7a19a06ae79665.txt', '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^\d+ skeletons written/);
    const check = await cli(['check', out]);
    // Later sections replay the set-up of earlier ones, so every skeleton is valid on its own.
    expect(check.exitCode, check.all).toBe(0);
    expect(check.stdout).toMatch(/^[1-9]\d* valid/);
  });

  it("docs extract proposes checks from a Markdown tutorial's outputs, and the skeletons pass check", async () => {
    const out = await tempDir();
    const r = await cli(['docs', 'extract', join(ROOT, 'test/fixtures/docs/nat-to-internet.md'), '--as', 'nat-to-internet.md', '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const tryIt = readFileSync(join(out, 'docnat-to-internet-section-4.yaml'), 'utf8');
    expect(tryIt).toContain("# The article's public addresses (203.0.113.10) are served by the sandbox's simulated internet.");
    expect(tryIt).toMatch(
      /- name: ping -c 3 -i 0\.2 203\.0\.113\.10\n\s+in: app\n\s+run: ping -c 3 -i 0\.2 203\.0\.113\.10\n\s+expect:\n\s+ping:\n\s+received: ">0"/,
    );
    expect(tryIt).toMatch(/- name: ip route\n\s+in: app\n\s+expect:\n\s+routes:\n\s+has:\n\s+- dst: default\n\s+gateway: 10\.40\.0\.1/);
    expect(tryIt).toContain(`the article's "ping 203.0.113.10" runs until Ctrl-C: bounded to 3 pings`);
    const check = await cli(['check', out]);
    expect(check.exitCode, check.all).toBe(0);
  });
});
