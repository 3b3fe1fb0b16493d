#!/usr/bin/env node
// Builds dist/: harness/*.ts compiled by tsc (JavaScript and declarations), beside copies of the
// files the modules read at run time (shell scripts, templates), then a stamp that bin/ compares
// with the sources' times. Runs on `npm ci`/`npm install` in a checkout and before `npm pack`.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
cpSync(`${root}harness`, dist, { recursive: true, filter: (src) => !src.endsWith('.ts') });
writeFileSync(`${dist}/.build-stamp`, `${new Date().toISOString()}\n`);
