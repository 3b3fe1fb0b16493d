// The table printed after a matrix run: distro x iptables flavour for containers (cells
// labelled "bookworm/nft"), kernel x distro for VMs ("linux 6.1/trixie"; one row per kernel
// and one column when no --distro was given: "linux 6.1").
import type { RunSummary } from '../run/results.js';
import { padEnd, width as columns } from '../text/words.js';
import { countOutcomes, seconds } from './summary.js';

export function cellTable(summary: RunSummary): string | undefined {
  const cells = [...new Set([...summary.results.map((r) => r.cell), ...(summary.brokenCells ?? []).map((b) => b.cell)].filter(Boolean) as string[])];
  if (!cells.length) return undefined;
  const part = (c: string, i: number) => c.split('/')[i] ?? 'result';
  const rows = [...new Set(cells.map((c) => part(c, 0)))];
  const cols = [...new Set(cells.map((c) => part(c, 1)))];
  const cellOf = (r: string, c: string) => (cells.includes(`${r}/${c}`) ? `${r}/${c}` : r);
  const text = (cell: string) => {
    if (summary.brokenCells?.some((b) => b.cell === cell)) return 'backend error';
    const rs = summary.results.filter((r) => r.cell === cell);
    if (!rs.length) return '-';
    const n = countOutcomes(rs);
    const ms = summary.cellMs?.[cell];
    return `${n.pass}/${rs.length} passed${n.fail ? `, ${n.fail} failed` : ''}${n.error ? `, ${n.error} errored` : ''}${n.skip ? `, ${n.skip} skipped` : ''}${ms === undefined ? '' : ` (${seconds(ms, 1)})`}`;
  };
  const width = Math.max(8, ...rows.map(columns));
  const colWidth = Math.max(...cols.map(columns), ...cells.map((c) => columns(text(c)))) + 2;
  const corner = cells.every((c) => c.startsWith('linux ')) ? 'kernel' : cells.some((c) => c.includes('/')) ? 'distro' : 'cell';
  const lines = [`${padEnd(corner, width)}  ${cols.map((c) => padEnd(c, colWidth)).join('')}`];
  for (const r of rows) lines.push(`${padEnd(r, width)}  ${cols.map((c) => padEnd(text(cellOf(r, c)), colWidth)).join('')}`);
  return lines.join('\n');
}
