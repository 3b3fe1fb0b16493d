// What a scenario or its sandbox prints may not drive the user's terminal, GitHub's runner or the
// reports: escape sequences and control characters are shown, not obeyed; no line from a
// sandbox can start a workflow command; Markdown and XML carry the text, not its markup.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, HEAD, scenarioDir, validateJunit } from './helpers.js';

// YAML double quotes: \e is ESC, \a BEL. OSC 52 writes the clipboard, OSC 0 the window title,
// CSI 1A/2K move up and erase, \r returns to the line's start; U+202E flips the text's direction.
const NASTY_NAME = String.raw`copy \e]52;c;cHduZWQ=\a title \e]0;pwned\a up \e[1A\e[2K back \r::error file=x::forged-by-name <script>alert(1)</script> | <img src=x onerror=alert(1)> \u202E`;
const NASTY_OUTPUT = String.raw`printf '\e]52;c;cHduZWQ=\a\e]0;pwned\a\e[1A\e[2K\r::error file=x::forged-by-output\n::add-mask::x\n%%s\n' "\$(printf '\r::warning::forged-again')"`;

describe('hostile output', () => {
  it('reaches the terminal and the CI log escaped, with workflow commands stopped around it', async () => {
    const summaryFile = join(await scenarioDir({}), 'step-summary.md');
    await writeFile(summaryFile, '');
    const dir = await scenarioDir({
      'title.yaml': `id: title\ntitle: "a title \\e[31m with \\a controls"\nsteps:\n  - { name: ok, run: "true" }\n`,
      'nasty.yaml': `${HEAD('nasty')}steps:\n  - name: "${NASTY_NAME}"\n    run: |\n      ${NASTY_OUTPUT}\n    expect: { stdout: absent-text }\n`,
    });
    await writeFile(join(dir, 'gh-output'), '');
    const r = await execa('node', [CLI, 'run', dir, '--out', join(dir, 'out'), '--tap', join(dir, 'run.ktap'), '-v'], {
      reject: false,
      all: true,
      env: { NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: join(dir, 'gh-output') },
    });
    expect(r.exitCode, r.all).toBe(1);
    const out = r.all;
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/); // no raw control character reaches the log
    expect(out).toContain('\\x1b]52;c;cHduZWQ=\\x07'); // shown, not obeyed
    // Walk the log as the runner does: between ::stop-commands::TOKEN and ::TOKEN:: nothing is a
    // command; outside, only the harness's own annotations may start with "::".
    let token: string | undefined;
    let stops = 0;
    for (const line of out.split('\n')) {
      const stop = /^::stop-commands::([0-9a-f]{16,})$/.exec(line);
      if (!token && stop) {
        token = stop[1];
        stops++;
      } else if (token && line === `::${token}::`) token = undefined;
      else if (!token && line.startsWith('::')) {
        expect(line).toMatch(/^::(error|warning|notice|debug)( [^:]*)?::/); // one annotation of ours; @actions/core encodes its fields
      } else if (!token) expect(line, 'sandbox text outside the stopped stretch').not.toMatch(/forged|add-mask/);
    }
    expect(stops).toBeGreaterThanOrEqual(1);
    expect(token, 'commands are resumed at the end').toBeUndefined();
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).not.toMatch(/(?<!\\)<(script|img)/); // \< is a literal < in Markdown
    expect(summary).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
    const md = readFileSync(join(dir, 'out/summary.md'), 'utf8');
    expect(md).not.toMatch(/(?<!\\)<(script|img)|\u202E/);
    const row = md.split('\n').find((l) => l.includes('| nasty'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(9); // the table's 7 columns, the name's | escaped
    expect((await validateJunit(join(dir, 'out/junit.xml'))).ok).toBe(true);
    expect(readFileSync(join(dir, 'run.ktap'), 'utf8')).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
  });

  it('writes valid JUnit for a document whose heading and commands carry control characters', async () => {
    const dir = await scenarioDir({ 'doc.md': `# Title with \x1b[31m red \x07 bell\n\n\`\`\`console\n$ printf 'a\\x01b\\x1bc\\n'\na\x01b\x1bc\n\`\`\`\n` });
    const r = await execa('node', [CLI, 'docs', 'run', join(dir, 'doc.md'), '--out', join(dir, 'out')], { reject: false, all: true, env: { NO_COLOR: '1' } });
    expect(r.all).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
    const junit = readFileSync(join(dir, 'out/docs-run-junit.xml'), 'utf8');
    expect((await validateJunit(join(dir, 'out/docs-run-junit.xml'))).ok, junit).toBe(true);
  });
});
