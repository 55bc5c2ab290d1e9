import { expect } from 'chai';
import { parseCatFileBatch } from '../../../../shared/git/parse-cat-file-batch.ts';

describe('parseCatFileBatch', () => {
  it('splits blobs by their byte sizes, multi-byte text included, and marks missing objects', () => {
    const first = 'naïve ✓\n';
    const second = '{"a":1}';
    const output = Buffer.concat([
      Buffer.from(`aaaa blob ${Buffer.byteLength(first)}\n`), Buffer.from(first), Buffer.from('\n'),
      Buffer.from('HEAD:nope.json missing\n'),
      Buffer.from(`bbbb blob ${Buffer.byteLength(second)}\n`), Buffer.from(second), Buffer.from('\n'),
    ]);
    expect(parseCatFileBatch(output, 3)).to.deep.equal([first, undefined, second]);
  });

  it('fails loudly on truncated output', () => {
    expect(() => parseCatFileBatch(Buffer.from('aaaa blob 3\nab'), 2)).to.throw(/ended early/);
  });
});
