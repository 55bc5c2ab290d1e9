import type { BenchReport } from './bench-result.ts';

/** A plain-text table of every metric, with the goal and ✓/✗ where there is one. */
export function formatTable(reports: BenchReport[]): string {
  const rows: string[][] = [['benchmark', 'metric', 'value', 'goal', '']];
  for (const report of reports) {
    for (const [metric, value] of Object.entries(report.metrics)) {
      const goal = report.goals[metric];
      rows.push([report.name, metric, String(value), goal === undefined ? '' : `${goal.op} ${goal.target}`, goal === undefined ? '' : goal.met ? '✓' : '✗']);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}
