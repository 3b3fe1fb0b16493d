import { describe, expect, it } from 'vitest';
import type { RunSummary, ScenarioResult } from '../run/results.js';
import { cellTable } from './matrix-table.js';

const result = (cell: string, outcome: ScenarioResult['outcome']) => ({ cell, outcome }) as ScenarioResult;
const summary = (results: ScenarioResult[], broken: string[] = []): RunSummary => ({
  results,
  fileErrors: [],
  durationMs: 0,
  backend: 'x',
  brokenCells: broken.map((cell) => ({ cell, message: 'boom' })),
});

describe('cellTable', () => {
  it('draws distro x flavour for container cells', () => {
    const t = cellTable(summary([result('bookworm/nft', 'pass'), result('bookworm/legacy', 'fail')]))!;
    expect(t.split('\n')[0]).toMatch(/^distro\s+nft\s+legacy/);
    expect(t).toMatch(/^bookworm\s+1\/1 passed\s+0\/1 passed, 1 failed\s*$/m);
  });

  it('draws one row per kernel for VM cells, a broken one as a backend error', () => {
    const t = cellTable(summary([result('linux 6.1', 'pass'), result('linux 6.1', 'skip')], ['linux 6.12']))!;
    expect(t.split('\n')[0]).toMatch(/^kernel\s+result/);
    expect(t).toMatch(/^linux 6\.1\s+1\/2 passed, 1 skipped\s*$/m);
    expect(t).toMatch(/^linux 6\.12\s+backend error\s*$/m);
  });

  it('draws kernel x distro for VM cells with --distro', () => {
    const t = cellTable(summary([result('linux 6.1/bookworm', 'pass'), result('linux 6.1/trixie', 'fail'), result('linux 6.12/trixie', 'pass')]))!;
    expect(t.split('\n')[0]).toMatch(/^kernel\s+bookworm\s+trixie\s*$/);
    expect(t).toMatch(/^linux 6\.1\s+1\/1 passed\s+0\/1 passed, 1 failed\s*$/m);
    expect(t).toMatch(/^linux 6\.12\s+-\s+1\/1 passed\s*$/m);
  });

  it('is absent for a run without cells', () => {
    expect(cellTable(summary([{ outcome: 'pass' } as ScenarioResult]))).toBeUndefined();
  });

  it('lines its columns up on wide (CJK) labels', async () => {
    const { default: stringWidth } = await import('string-width');
    const t = cellTable(summary([result('书虫/nft', 'pass'), result('bookworm/nft', 'fail')]))!;
    const lines = t.split('\n');
    const column = (l: string) => stringWidth(l.slice(0, l.search(/\d\/1 passed|nft/)));
    expect(new Set(lines.map(column)).size).toBe(1);
  });
});
