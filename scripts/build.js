#!/usr/bin/env node
// Builds dist/: harness/*.ts compiled by tsc (JavaScript and declarations), beside copies of the
// files the modules read at run time (shell scripts, templates), then a stamp that bin/ compares
// with the sources' times. Runs on `npm ci`/`npm install` in a checkout and before `npm pack`.
// The build goes to a fresh folder that replaces dist/ at the end, so a CLI running meanwhile
// never finds half a dist/.
// Processes: build-time scripts use zx (a devDependency), where a command line reads best;
// the harness itself runs processes through execa only (harness/exec/process.ts).
import { cpSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { $ } from 'zx';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const next = `${root}dist.new-${process.pid}`;
try {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await $({ stdio: 'inherit' })`${process.execPath} ${tsc} -p ${root}tsconfig.build.json --outDir ${next}`;
  cpSync(`${root}harness`, next, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  writeFileSync(`${next}/.build-stamp`, `${new Date().toISOString()}\n`);
  rmSync(dist, { recursive: true, force: true });
  renameSync(next, dist);
} finally {
  rmSync(next, { recursive: true, force: true });
}
