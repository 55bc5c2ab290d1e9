import { expect } from 'chai';
import { parseLog, parseNameStatus, parseNulList } from '../../../../shared/git/parse-git-output.ts';

describe('parse-git-output', () => {
  it('parseNulList splits -z output', () => {
    expect(parseNulList('a b\0c\0')).to.deep.equal(['a b', 'c']);
    expect(parseNulList('')).to.deep.equal([]);
  });

  it('parseNameStatus maps A/D as they are and other codes to M', () => {
    expect(parseNameStatus('A\0new file.jsonl\0D\0gone\0M\0edited\0T\0typechange\0')).to.deep.equal([
      { status: 'A', path: 'new file.jsonl' },
      { status: 'D', path: 'gone' },
      { status: 'M', path: 'edited' },
      { status: 'M', path: 'typechange' },
    ]);
  });

  it('parseLog reads subject, multi-line body and author', () => {
    const stdout = 'aaa\x1fAnn\x1fann@x\x1f[tract] Log 2h to APP-1\x1fline 1\n\nline 3\n\x1e\nbbb\x1fBob\x1fbob@x\x1fsecond\x1f\x1e\n';
    expect(parseLog(stdout)).to.deep.equal([
      { sha: 'aaa', authorName: 'Ann', authorEmail: 'ann@x', subject: '[tract] Log 2h to APP-1', body: 'line 1\n\nline 3' },
      { sha: 'bbb', authorName: 'Bob', authorEmail: 'bob@x', subject: 'second', body: '' },
    ]);
  });
});
