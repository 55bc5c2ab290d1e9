import { displayWidth } from './display-width.ts';

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
  /** Longer cells are cut with `…` (comments can be long). */
  maxWidth?: number;
}

/** A row of cells, or `'separator'` for a horizontal rule inside the body (e.g. before a total row). */
export type TableRow = readonly string[] | 'separator';

/**
 * Renders a Unicode box-drawing table (┌─┬─┐ │ ├─┼─┤ └─┴─┘), measured in terminal columns so that
 * emoji indicators such as ✅ ⚠️ 🔥 line up.
 */
export function boxTable(columns: readonly Column[], rows: readonly TableRow[]): string {
  const cells = rows.map((row) => (row === 'separator' ? row : columns.map((col, i) => fit(row[i] ?? '', col.maxWidth))));
  const widths = columns.map((col, i) =>
    Math.max(displayWidth(col.header), ...cells.map((row) => (row === 'separator' ? 0 : displayWidth(row[i] ?? '')))),
  );
  const rule = (left: string, mid: string, right: string) =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const line = (row: readonly string[]) =>
    '│' + row.map((cell, i) => ` ${pad(cell, widths[i] ?? 0, columns[i]?.align ?? 'left')} `).join('│') + '│';
  const body = cells.map((row) => (row === 'separator' ? rule('├', '┼', '┤') : line(row)));
  return [rule('┌', '┬', '┐'), line(columns.map((c) => c.header)), rule('├', '┼', '┤'), ...body, rule('└', '┴', '┘')].join(
    '\n',
  );
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

function fit(text: string, maxWidth: number | undefined): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  if (maxWidth === undefined || displayWidth(oneLine) <= maxWidth) return oneLine;
  let cut = '';
  for (const char of Array.from(oneLine)) {
    if (displayWidth(cut + char) > maxWidth - 1) break;
    cut += char;
  }
  return `${cut}…`;
}
