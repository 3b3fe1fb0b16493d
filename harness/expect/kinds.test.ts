// The expectation kinds are one list (kinds.ts) of one descriptor a file (kinds/): the schema's
// `expect:`, the static checks, the judging and the format reference all follow it. Everything
// here is derived from the list, so a new kind needs no line in this file.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problems } from '../../test/scenario-problems.js';
import type { CommandResult } from '../exec/command-result.js';
import { expectSchema } from '../scenario/schema.js';
import { evaluate } from './evaluate.js';
import type { ExpectKind } from './kind.js';
import { KINDS, OUTPUT_KINDS, SANDBOX_KINDS, type KindValues } from './kinds.js';

const HERE = new URL('.', import.meta.url).pathname;
const isDescriptor = (v: unknown): v is ExpectKind => typeof v === 'object' && v !== null && 'key' in v && 'reads' in v && 'check' in v;

const head = 'id: t\ntitle: t\nsource: { doc: seeds/x.txt, section: s }\n';
/** A scenario whose last step is `step` with `expect: { key: example }`, after a background `cap`. */
const scenarioWith = (kind: ExpectKind, step: string) =>
  `${head}steps:\n  - { name: b, background: tcpdump -n -l, id: cap }\n  - name: s\n${step}    expect: { ${kind.key}: ${JSON.stringify(kind.example)} }\n`;
const refusals = (text: string, key: string) =>
  problems(text).filter((p) => p.includes(`"${key}" judges a command's output`) || p.includes(`"${key}" does not apply to a kselftest step`));

describe('the expectation kinds (issue 29)', () => {
  it('are the keys of expect: besides within, in the same order', () => {
    expect(Object.keys(expectSchema.shape).filter((k) => k !== 'within')).toEqual(KINDS.map((k) => k.key));
  });

  it('has every descriptor of kinds/ in the list, one a file, named as its key', async () => {
    const files = readdirSync(join(HERE, 'kinds')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const found: string[] = [];
    for (const f of files) {
      const descriptors = Object.values(await import(join(HERE, 'kinds', f))).filter(isDescriptor);
      expect(
        descriptors.map((d) => `${d.key}.ts`),
        f,
      ).toEqual([f]);
      expect(KINDS, f).toContain(descriptors[0]);
      found.push(descriptors[0]!.key);
    }
    expect(found.sort()).toEqual(KINDS.map((k) => k.key).sort());
  });

  it('each takes its example, alone in expect:', () => {
    for (const kind of KINDS) expect(expectSchema.safeParse({ [kind.key]: kind.example }).success, kind.key).toBe(true);
  });

  it('refuses a kind that reads the output on a step without a command, a stop step taking those that say so', () => {
    for (const kind of KINDS) {
      const reads = kind.reads === 'output';
      expect(refusals(scenarioWith(kind, '    in: host\n'), kind.key).length, `${kind.key} on a step that only checks`).toBe(reads ? 1 : 0);
      expect(refusals(scenarioWith(kind, '    background: sleep 9\n'), kind.key).length, `${kind.key} on a background step`).toBe(reads ? 1 : 0);
      expect(refusals(scenarioWith(kind, '    stop: cap\n'), kind.key).length, `${kind.key} on a stop step`).toBe(reads && !kind.onStopStep ? 1 : 0);
      expect(refusals(scenarioWith(kind, '    kselftest: x.sh\n'), kind.key).length, `${kind.key} on a kselftest step`).toBe(
        reads && !kind.onKselftestStep ? 1 : 0,
      );
      expect(refusals(scenarioWith(kind, '    run: "true"\n'), kind.key), `${kind.key} on a run step`).toEqual([]);
    }
  });

  it('are judged in a fixed order: tool kinds, the exit status, the other output kinds, the state kinds side by side, background kinds last', async () => {
    const result: CommandResult = { command: 'x', exitCode: 0, signal: undefined, stdout: '[]', stderr: '', timedOut: false, durationMs: 1 };
    const all = expectSchema.parse(Object.fromEntries(KINDS.map((k) => [k.key, k.example]))) as KindValues;
    const ctx = { result, query: async () => result, background: () => undefined };
    const order = (await evaluate(all, ctx)).map((v) => v.kind.split(' ')[0]!).filter((k, i, a) => k !== a[i - 1]);
    const keys = (kinds: readonly ExpectKind[]) => kinds.map((k) => k.key);
    const outputs = OUTPUT_KINDS.filter((k) => k.key !== 'exit');
    expect(order).toEqual([
      ...keys(outputs.filter((k) => k.tool)),
      'exit',
      ...keys(outputs.filter((k) => !k.tool)),
      ...keys(SANDBOX_KINDS.filter((k) => k.reads === 'state')),
      ...keys(SANDBOX_KINDS.filter((k) => k.reads === 'background')),
    ]);
  });

  it('are each in the format reference, in the table of what they read', () => {
    const doc = readFileSync(join(HERE, '../../docs/scenario-format.md'), 'utf8');
    const firstCells = (title: string) => {
      const section = doc.split(`\n### ${title}\n`)[1]!.split('\n### ')[0]!;
      return section
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) => l.split('|')[1]!);
    };
    const output = firstCells('Output kinds');
    const state = firstCells('State kinds');
    for (const kind of KINDS)
      expect(kind.reads === 'output' ? output : state, `${kind.key} in docs/scenario-format.md`).toContainEqual(expect.stringContaining(`\`${kind.key}\``));
  });
});
