/** One physical line of a worklog file. */
export interface PhysicalLine {
  /** 1-based line number, as an editor shows it. */
  line: number;
  /** The line without its terminator (and without the UTF-8 BOM on line 1). */
  content: string;
  /** `"\n"`, `"\r\n"`, or `""` for a last line without a newline. */
  terminator: '\n' | '\r\n' | '';
}

export interface SplitWorklogText {
  /** `"\uFEFF"` when the text starts with a UTF-8 BOM, else `""`. */
  bom: string;
  lines: PhysicalLine[];
}

const BOM = '\uFEFF';

/**
 * Splits a worklog file into physical lines, keeping each line's terminator so a rewrite can put
 * untouched lines back byte-for-byte. A text ending in a newline has no extra empty last line.
 */
export function splitWorklogLines(text: string): SplitWorklogText {
  const bom = text.startsWith(BOM) ? BOM : '';
  const body = text.slice(bom.length);
  const lines: PhysicalLine[] = [];
  let start = 0;
  while (start < body.length) {
    const newline = body.indexOf('\n', start);
    const end = newline === -1 ? body.length : newline;
    const crlf = newline !== -1 && end > start && body[end - 1] === '\r';
    lines.push({
      line: lines.length + 1,
      content: body.slice(start, crlf ? end - 1 : end),
      terminator: newline === -1 ? '' : crlf ? '\r\n' : '\n',
    });
    start = end + 1;
  }
  return { bom, lines };
}
