// A repository nobody here wrote, run by root: its scenario text never reaches a host shell, its
// links never lead the harness to read host files outside it, and no config file above it or in
// a folder others can write is ever executed.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { CLI, HEAD, projectDir, tempDir } from './helpers.js';

const marker = join(tmpdir(), `netrecipes-pwned-${process.pid}`);
afterAll(() => rm(marker, { force: true }));

/** A project folder of someone else's with these files; returns its path. */
const project = (files: Record<string, string>) => projectDir(files, 'someone-elses-recipes', 'netrecipes-repo-');

const inDir = (dir: string, args: string[]) => execa('node', [CLI, ...args], { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1' }, timeout: 60_000 });

describe('a hostile repository', () => {
  it('cannot run a host command through requires.commands: a command name is a command name', async () => {
    const dir = await project({
      'scenarios/evil.yaml': `${HEAD('evil')}requires:\n  commands: [ip, "ip; touch ${marker}", "$(touch ${marker})"]\nsteps:\n  - { name: x, run: "true" }\n`,
    });
    const doctor = await inDir(dir, ['doctor']);
    expect(existsSync(marker), doctor.all).toBe(false);
    const check = await inDir(dir, ['check']);
    expect(check.exitCode).toBe(2);
    expect(check.all).toMatch(/evil\.yaml:5:\d+: .*a command name/);
    expect(existsSync(marker)).toBe(false);
  });

  it('cannot make the harness read a host file through a link: scenario files, folders, documents and source.doc', async () => {
    const secret = await mkdtemp(join(tmpdir(), 'netrecipes-secret-'));
    try {
      await writeFile(join(secret, 'notes.yaml'), `${HEAD('secret')}steps:\n  - { name: "TOP-SECRET-LINE-4711", run: "true" }\n`);
      await writeFile(join(secret, 'notes.md'), '# TOP-SECRET-LINE-4711\n\n```console\n$ true\n```\n');
      const dir = await project({ 'scenarios/ok.yaml': `${HEAD('ok')}steps:\n  - { name: fine, run: "true" }\n` });
      await symlink('/etc/shadow', join(dir, 'scenarios/shadow.yaml'));
      await symlink(join(secret, 'notes.yaml'), join(dir, 'scenarios/notes.yaml'));
      await symlink(secret, join(dir, 'scenarios/elsewhere'));
      await symlink(join(secret, 'notes.md'), join(dir, 'page.md'));
      for (const args of [['check'], ['list'], ['run', '--out', join(dir, 'out')], ['docs', 'run', 'page.md', '--out', join(dir, 'out2')]]) {
        const r = await inDir(dir, args);
        expect(r.all, args.join(' ')).not.toContain('TOP-SECRET-LINE-4711');
        expect(r.all).not.toMatch(/root:[^:]*:\d+:/); // a line of /etc/shadow
        expect(r.all).toMatch(/a symbolic link out of the project/);
      }
      expect(JSON.stringify(await readAll(join(dir, 'out')))).not.toContain('TOP-SECRET-LINE-4711');
    } finally {
      await rm(secret, { recursive: true, force: true });
    }
  });

  it('cannot use source.doc to read outside --docs, nor to learn whether a file exists there', async () => {
    const dir = await project({
      'articles/a.md': '# A\n\n## s\n\n    ip link\n',
      'scenarios/up.yaml': `id: up\ntitle: up\nsource: { doc: ../../etc/hostname, section: s }\nsteps:\n  - { name: x, run: ip link }\n`,
      'scenarios/gone.yaml': `id: gone\ntitle: gone\nsource: { doc: ../../etc/no-such-file-here, section: s }\nsteps:\n  - { name: x, run: ip link }\n`,
    });
    const r = await inDir(dir, ['docs', 'check', '--docs', 'articles']);
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/up\.yaml:3:\d+: .*source\.doc.* inside the docs folder/);
    expect(r.all).toMatch(/gone\.yaml:3:\d+: .*source\.doc.* inside the docs folder/);
    expect(r.all).not.toContain((await execa('hostname')).stdout.trim() + '\n');
  });

  it('cannot use requires.kernel_config to read a file outside the project, nor to learn whether one exists there', async () => {
    const kc = (id: string, path: string) => `${HEAD(id)}requires: { kernel_config: ${path} }\nsteps:\n  - { name: x, run: "true" }\n`;
    const dir = await project({
      'scenarios/up.yaml': kc('up', '../../../../../../../etc/hostname'),
      'scenarios/gone.yaml': kc('gone', '../../../../../../../etc/no-such-file-here'),
      'scenarios/abs.yaml': kc('abs', '/etc/hostname'),
      'scenarios/linked.yaml': kc('linked', 'hostname-link'),
    });
    await symlink('/etc/hostname', join(dir, 'scenarios/hostname-link'));
    const r = await inDir(dir, ['check']);
    expect(r.exitCode).toBe(2);
    for (const f of ['up', 'gone', 'abs', 'linked'])
      expect(r.all).toMatch(new RegExp(`${f}\\.yaml:4:\\d+: requires\\.kernel_config is a file inside the project`));
    expect(r.all).not.toContain((await execa('hostname')).stdout.trim() + '\n');
  });

  it('walks a folder with a link loop once, quickly, without an internal error', async () => {
    const dir = await project({ 'scenarios/a/ok.yaml': `${HEAD('ok')}steps:\n  - { name: fine, run: "true" }\n` });
    await symlink('..', join(dir, 'scenarios/a/up'));
    await symlink('.', join(dir, 'scenarios/a/self'));
    const t0 = performance.now();
    const r = await inDir(dir, ['list']);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/^ok\b/m);
    expect(r.all).not.toMatch(/internal error|ELOOP/);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('never executes a config file from above the project, nor one in a folder others can write', async () => {
    const planted = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default {};\n`;
    // above: a folder without package.json or .git, under one that holds a config
    const above = await tempDir('netrecipes-above-');
    await writeFile(join(above, 'netrecipes.config.mjs'), planted);
    await mkdir(join(above, 'work'));
    const r1 = await inDir(join(above, 'work'), ['list', '--bundled']);
    expect(existsSync(marker), r1.all).toBe(false);
    // a project folder anyone may write to
    const open = await project({ 'netrecipes.config.mjs': planted });
    await chmod(open, 0o777);
    const r2 = await inDir(open, ['list']);
    expect(existsSync(marker), r2.all).toBe(false);
    expect(r2.exitCode).toBe(2);
    expect(r2.all).toMatch(/netrecipes\.config\.mjs.*writable by others/);
    // the same project, closed again, is its owner's to configure
    await chmod(open, 0o755);
    const r3 = await inDir(open, ['list']);
    expect(r3.exitCode, r3.all).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });
});

async function readAll(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(names.map((n) => readFile(join(dir, n), 'utf8').catch(() => '')));
}
