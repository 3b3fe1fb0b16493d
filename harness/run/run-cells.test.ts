import { describe, expect, it } from 'vitest';
import type { Backend } from '../backends/backend.js';
import { noModules } from '../backends/kernel-modules.js';
import { InfrastructureError } from '../errors.js';
import { loadScenarios } from '../scenario/load.js';
import { guestsAtOnce } from '../backends/sandbox-budget.js';
import { runCells } from './run-cells.js';

/** A backend that cannot run here, as a container backend without Docker is. */
function brokenBackend(name: string, closed: string[]): Backend {
  return {
    name,
    check: async () => [],
    prepare: async () => {
      throw new InfrastructureError(`${name}: no daemon`);
    },
    loadModules: async () => noModules(name),
    create: async () => {
      throw new Error('never called');
    },
    close: async () => {
      closed.push(name);
    },
  };
}

describe('runCells', () => {
  it('records every cell that cannot run, closes its backend, and names the run by --backend', async () => {
    const closed: string[] = [];
    const broken: string[] = [];
    const cells = ['bookworm/nft', 'trixie/nft'].map((label) => ({ label, backend: brokenBackend(`container:${label}`, closed) }));
    // A cell is prepared only when it has a scenario to run (one it cannot run is skipped unbooted).
    const { scenarios } = await loadScenarios(['scenarios/container-network-principles/veth-pair.yaml']);
    const summary = await runCells(cells, scenarios, [], { backend: 'container', jobs: 2, onBrokenCell: (label) => broken.push(label) });
    expect(summary.backend).toBe('container');
    expect(summary.brokenCells).toEqual([
      { cell: 'bookworm/nft', message: 'container:bookworm/nft: no daemon' },
      { cell: 'trixie/nft', message: 'container:trixie/nft: no daemon' },
    ]);
    expect(broken).toEqual(['bookworm/nft', 'trixie/nft']);
    expect(closed).toEqual(['container:bookworm/nft', 'container:trixie/nft']);
  });

  it('runs a guest per core at once, as many as memory holds, and always one', () => {
    expect(guestsAtOnce(2, 20 * 2 ** 30)).toBe(2);
    expect(guestsAtOnce(8, 4 * 2 ** 30)).toBe(2);
    expect(guestsAtOnce(4, 2 ** 30)).toBe(1);
  });
});
