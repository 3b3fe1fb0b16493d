// netrecipes in someone else's project: its scenarios found without paths, its config's
// defaults, the bundled suite only as a fallback (said so) or on --bundled, and `shell` on the
// project's own files.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, HEAD, VETH_STEP, cli, tempDir } from './helpers.js';

const OWN = `${HEAD('own-veth')}steps:
${VETH_STEP('a pair into ns0')}  - name: ns0 reaches the host end
    in: ns0
    run: ping -c 1 -W 1 10.9.0.1
    expect: { ping: ok }
  - name: ns0 has no default route
    in: ns0
    run: '! ip route show default | grep -q .'
`;

async function projectWith(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('netrecipes-project-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('project mode', () => {
  it('run with no paths runs ./scenarios, says so, and --bundled runs the bundled suite instead', async () => {
    const dir = await projectWith({ 'scenarios/own.yaml': OWN });
    const r = await cli(['run', '--out', join(dir, 'out')], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain("scenarios: scenarios/ (this project's)");
    expect(r.stdout).toContain('own-veth');
    expect(r.stdout).toContain('(1 scenario run, netns backend');
    const listed = await cli(['list', '--bundled', '--json'], { cwd: dir });
    expect((JSON.parse(listed.stdout) as { scenarios: unknown[] }).scenarios.length).toBeGreaterThanOrEqual(20);
  });

  it('falls back to the bundled suite when the project has no scenarios, and says which', async () => {
    const dir = await projectWith({ 'package.json': '{"name":"empty"}' });
    const r = await cli(['list'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/scenarios: the bundled seed suite \(no scenarios in .*scenarios/);
    expect(r.stdout).toContain('cnfs-snat-egress');
  });

  it('takes scenario globs and run defaults from netrecipes.config.json; the command line wins', async () => {
    const dir = await projectWith({
      'net/tests/a.yaml': OWN,
      'net/tests/b.yml': OWN.replaceAll('own-veth', 'own-veth-b'),
      'netrecipes.config.json': JSON.stringify({ scenarios: ['net/**/*.{yaml,yml}'], out: 'out/net', tap: 'out/run.ktap', filter: 'veth-b' }),
      '.git/HEAD': 'ref: refs/heads/main\n', // the project's root: the config is looked for up to here
    });
    const sub = join(dir, 'net');
    const r = await cli(['run'], { cwd: sub });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('own-veth-b');
    expect(r.stdout).not.toMatch(/own-veth\s/);
    expect(existsSync(join(dir, 'out/net/junit.xml'))).toBe(true);
    expect(existsSync(join(dir, 'out/run.ktap'))).toBe(true);
    const cliWins = await cli(['list', '--filter', 'own-veth$'], { cwd: dir });
    expect(cliWins.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^own-veth\s/)]);
  });

  it('reads a netrecipes.config.ts and a "netrecipes" key in package.json; rejects an unknown key with its file', async () => {
    const ts = await projectWith({ 'checks/x.yaml': OWN, 'netrecipes.config.ts': "const scenarios: string[] = ['checks'];\nexport default { scenarios };\n" });
    expect((await cli(['list'], { cwd: ts })).stdout).toMatch(/^own-veth\s/);
    const pkg = await projectWith({ 'checks/x.yaml': OWN, 'package.json': JSON.stringify({ name: 'p', netrecipes: { scenarios: 'checks' } }) });
    expect((await cli(['list'], { cwd: pkg })).stdout).toMatch(/^own-veth\s/);
    const bad = await projectWith({ 'netrecipes.config.json': '{"backnd":"netns"}' });
    const r = await cli(['list'], { cwd: bad });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/netrecipes\.config\.json: .*backnd/);
  });
});

describe("netrecipes shell on the project's own files", () => {
  const shell = (args: string[], cwd: string, input: string) =>
    execa('node', [CLI, 'shell', ...args], { cwd, input, reject: false, all: true, env: { NO_COLOR: '1' } });

  it("takes a file path, stops at the step a unique part of a name names, and exits with the shell's status", async () => {
    const dir = await projectWith({ 'my-own.yaml': OWN });
    const r = await shell(['my-own.yaml', '--until', 'reaches the host'], dir, 'ip netns list; ip route show default || true; exit 7\n');
    expect(r.exitCode, r.all).toBe(7);
    expect(r.stdout).toContain('ns0 reaches the host end');
    expect(r.stdout).not.toContain('ns0 has no default route');
    expect(r.stdout).toMatch(/^ns0/m);
  });

  it("finds an id among the project's scenarios and names the steps an ambiguous --until matches", async () => {
    const dir = await projectWith({ 'scenarios/own.yaml': OWN });
    const ok = await shell(['own-veth', '--until', '2'], dir, 'exit 0\n');
    expect(ok.exitCode, ok.all).toBe(0);
    const r = await shell(['own-veth', '--until', 'ns0'], dir, 'exit 0\n');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--until "ns0" matches 3 steps of own-veth: 1 "a pair into ns0", 2 "ns0 reaches the host end", 3 "ns0 has no default route"');
  });
});
