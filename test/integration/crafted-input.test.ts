// `report merge` reads JUnit files and a previous matrix that may come from anywhere (a CI
// artifact, a fork's pull request): a crafted or broken one is a usage error naming the file
// and what is wrong with it (exit 2), never an internal error, and never reads a host file.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

const SUITE = (value: string) =>
  `<testsuites><testsuite name="x"><properties><property name="scenario" value="${value}"/><property name="backend" value="netns"/><property name="outcome" value="pass"/></properties></testsuite></testsuites>\n`;

describe('report merge on crafted input', () => {
  it('refuses a JUnit file with a DOCTYPE (entities), one that is no XML, and one it cannot read: exit 2 with the file', async () => {
    const dir = await tempDir();
    const files = {
      'entity.xml': `<?xml version="1.0"?>\n<!DOCTYPE testsuites [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n${SUITE('&e;')}`,
      'laughs.xml': `<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n${SUITE('&c;')}`,
      'broken.xml': 'not xml <<<',
      'other.xml': '<html><body>hello</body></html>\n',
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    for (const name of [...Object.keys(files), 'missing.xml']) {
      const r = await cli(['report', 'merge', join(dir, name), '--out', join(dir, 'out')]);
      expect(r.exitCode, `${name}: ${r.all}`).toBe(2);
      expect(r.all).toContain(name);
      expect(r.all).not.toMatch(/internal error| {4}at /);
    }
  });

  it('refuses a --previous that is no matrix, saying what is wrong with it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'run.xml'), SUITE('ok-scenario'));
    for (const [name, text] of [
      ['cells.json', '{"cells": 5}'],
      ['array.json', '[1,2]'],
      ['cell.json', '{"columns":[],"scenarios":[],"cells":[{"scenario":1}]}'],
      ['text.json', 'nope'],
    ]) {
      await writeFile(join(dir, name!), text!);
      const r = await cli(['report', 'merge', join(dir, 'run.xml'), '--previous', join(dir, name!), '--out', join(dir, 'out')]);
      expect(r.exitCode, `${name}: ${r.all}`).toBe(2);
      expect(r.all).toContain(`--previous ${join(dir, name!)}`);
      expect(r.all).not.toMatch(/internal error|is not a function| {4}at /);
    }
  });
});
