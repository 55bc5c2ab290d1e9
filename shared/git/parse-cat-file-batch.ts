/**
 * Parses `git cat-file --batch` output: for each requested object either
 * `<sha> <type> <size>\n<size bytes>\n` or `<name> missing\n`, in request order. Sizes count bytes.
 */
import { InternalError } from '../core/tract-error.ts';

export function parseCatFileBatch(output: Buffer, count: number): (string | undefined)[] {
  const results: (string | undefined)[] = [];
  let offset = 0;
  while (results.length < count) {
    const newline = output.indexOf(0x0a, offset);
    if (newline < 0) throw new InternalError('git cat-file --batch: output ended early', { reason: 'GitOperationFailed' });
    const header = output.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    const match = / (blob|tree|commit|tag) (\d+)$/.exec(header);
    if (!match) {
      results.push(undefined);
      continue;
    }
    const size = Number(match[2]);
    results.push(match[1] === 'blob' ? output.subarray(offset, offset + size).toString('utf8') : undefined);
    offset += size + 1;
  }
  return results;
}
