// Shared by the integration tests: run the real CLI, make scenario files, validate JUnit.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { execa, execaSync, type ResultPromise } from 'execa';
import { afterAll } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'bin/netrecipes.js');
export const XSD = join(ROOT, 'test/fixtures/junit.xsd');

/**
 * Resolves once netrecipes has installed its interrupt handlers (bin/netrecipes.js does it first
 * thing), however long Node took to start on a loaded machine. Seen in /proc/PID/status SigCgt
 * as SIGHUP being caught: Node itself catches SIGINT and SIGTERM from its first instant (to
 * restore the terminal, then die of the signal), but never SIGHUP.
 */
export async function interruptible(pid: number): Promise<void> {
  const bit = 1n << BigInt(osConstants.signals.SIGHUP - 1);
  const caught = () => {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & bit) !== 0n;
  };
  if (!(await eventually(caught, 6000, 10))) throw new Error(`process ${pid} never installed its interrupt handlers`);
}

/**
 * Checks `cond` every `everyMs` until it holds or `withinMs` passed; its last answer. The bound is
 * generous (a loaded machine is slow to start Node, a sandbox, a guest): a test that waits for
 * something that comes costs only the time it takes, and one whose thing never comes fails.
 */
export async function eventually(cond: () => boolean | Promise<boolean>, withinMs = 60_000, everyMs = 100): Promise<boolean> {
  const end = performance.now() + withinMs;
  for (;;) {
    if (await cond()) return true;
    if (performance.now() >= end) return false;
    await sleep(everyMs);
  }
}

/**
 * Why a file's tests cannot run on this machine (`probe` fails), when they were started by hand;
 * their describe skips with it in its title. Under `npm test`, whose set-up installs every
 * backend, never: there a missing backend fails its tests.
 */
export function unavailable(what: string, probe: string[]): string | undefined {
  if (process.env.npm_lifecycle_event === 'test') return undefined;
  const r = execaSync(probe[0]!, probe.slice(1), { reject: false });
  return r.exitCode === 0
    ? undefined
    : `${what} is not usable here: ${probe.join(' ')} says ${
        String(r.stderr || r.shortMessage)
          .trim()
          .split('\n')[0]
      }`;
}

/** A describe's title, with why it is skipped when it is. */
export const titled = (title: string, skipped: string | undefined) => (skipped ? `${title} (skipped: ${skipped})` : title);

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): ResultPromise<{ reject: false; all: true }> {
  return execa('node', [CLI, ...args], { reject: false, all: true, cwd: opts.cwd ?? ROOT, env: { NO_COLOR: '1', ...opts.env } });
}

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export async function tempDir(prefix = 'netrecipes-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes scenario files into a fresh folder; returns the folder. */
export async function scenarioDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** A project folder (package.json named `name`) with these files, in subfolders as their names say; returns its path. */
export async function projectDir(files: Record<string, string>, name = 'netrecipes-test-project', prefix?: string): Promise<string> {
  const dir = await tempDir(prefix);
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name })}\n`);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  return dir;
}

export async function validateJunit(file: string): Promise<{ ok: boolean; output: string }> {
  const r = await execa('xmllint', ['--noout', '--schema', XSD, file], { reject: false, all: true });
  return { ok: r.exitCode === 0, output: r.all ?? '' };
}

export const HEAD = (id: string) => `id: ${id}\ntitle: ${id}\nsource: { doc: seeds/test.txt, section: test }\n`;

/** A step that puts ns0 (10.9.0.2) behind a veth pair with the sandbox host (10.9.0.1). */
export const VETH_STEP = (name: string) => `  - name: ${name}
    run: |
      ip netns add ns0
      ip link add v0 type veth peer name c0 netns ns0
      ip link set v0 up && ip addr add 10.9.0.1/24 dev v0
      ip netns exec ns0 ip link set c0 up
      ip netns exec ns0 ip addr add 10.9.0.2/24 dev c0
`;
