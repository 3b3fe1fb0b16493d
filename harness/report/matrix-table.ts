// The distro x iptables-flavour table printed after a matrix run.
import type { RunSummary } from '../run/results.js';

export function cellTable(summary: RunSummary): string | undefined {
  const cells = [...new Set([...summary.results.map((r) => r.cell), ...(summary.brokenCells ?? []).map((b) => b.cell)].filter(Boolean) as string[])];
  if (!cells.length) return undefined;
  const rows = [...new Set(cells.map((c) => c.split('/')[0]!))];
  const cols = [...new Set(cells.map((c) => c.split('/')[1]!))];
  const text = (cell: string) => {
    if (summary.brokenCells?.some((b) => b.cell === cell)) return 'backend error';
    const rs = summary.results.filter((r) => r.cell === cell);
    if (!rs.length) return '-';
    const pass = rs.filter((r) => r.outcome === 'pass').length;
    const fail = rs.filter((r) => r.outcome === 'fail' || r.outcome === 'error').length;
    const skip = rs.filter((r) => r.outcome === 'skip').length;
    return `${pass}/${rs.length} passed${fail ? `, ${fail} failed` : ''}${skip ? `, ${skip} skipped` : ''}`;
  };
  const width = Math.max(8, ...rows.map((r) => r.length));
  const colWidth = Math.max(...cols.map((c) => c.length), ...cells.map((c) => text(c).length)) + 2;
  const lines = [`${'distro'.padEnd(width)}  ${cols.map((c) => c.padEnd(colWidth)).join('')}`];
  for (const r of rows) lines.push(`${r.padEnd(width)}  ${cols.map((c) => text(`${r}/${c}`).padEnd(colWidth)).join('')}`);
  return lines.join('\n');
}
