import { expect } from 'chai';
import { collectRecords } from '../../../../shared/core/collect-records.ts';
import type { RecordSet } from '../../../../shared/core/collect-records.ts';
import { decodedFile, recordFields } from '../../../support/worklog-lines.ts';

const FEB = 'worklogs/2026-02.jsonl';
const MAR = 'worklogs/2026-03.jsonl';
const A = '01950f4e-8a3b-7c4d-8e5f-00000000000a';
const B = '01950f4e-8a3b-7c4d-8e5f-00000000000b';

const where = (lines: RecordSet['records']) => lines.map((l) => `${l.file}:${l.line}`);

describe('collectRecords', () => {
  it('keeps every line when ids are distinct, in file then line order', () => {
    const set = collectRecords([
      decodedFile(MAR, [recordFields({ id: A })]),
      decodedFile(FEB, [recordFields({ id: B }), recordFields({ comment: 'no id' })]),
    ]);
    expect(where(set.records)).to.deep.equal([`${FEB}:1`, `${FEB}:2`, `${MAR}:1`]);
    expect(set.superseded).to.deep.equal([]);
  });

  const sameId: [string, Record<string, unknown>, Record<string, unknown>, number][] = [
    ['the later updated wins even on an earlier line', { updated: '2026-02-16T10:00:00Z' }, { updated: '2026-02-15T10:00:00Z' }, 1],
    ['the later updated wins on a later line', { updated: '2026-02-15T10:00:00Z' }, { updated: '2026-02-16T10:00:00Z' }, 2],
    ['updated compares instants, not text', { updated: '2026-02-15T12:00:00+03:00' }, { updated: '2026-02-15T10:00:00Z' }, 2],
    ['a line with updated beats one without', { updated: '2026-02-15T10:00:00Z' }, {}, 1],
    ['equal updated: the tie-break by content (3h over 1h) chooses the later line', { updated: '2026-02-15T10:00:00Z' }, { updated: '2026-02-15T11:00:00+01:00' }, 2],
    ['no updated: the tie-break by content chooses the later line', {}, {}, 2],
  ];
  for (const [name, first, second, winner] of sameId) {
    it(name, () => {
      const set = collectRecords([decodedFile(FEB, [recordFields({ id: A, time: '1h', ...first }), recordFields({ id: A, time: '3h', ...second })])]);
      expect(set.records.map((l) => l.line)).to.deep.equal([winner]);
      expect(set.superseded.map((l) => l.line)).to.deep.equal([3 - winner]);
    });
  }

  it('resolves the same id the same way whatever the line order (a tie-break by content, not position)', () => {
    const one = recordFields({ id: A, time: '3h' });
    const other = recordFields({ id: A, time: '1h' });
    for (const lines of [[one, other], [other, one]]) {
      const set = collectRecords([decodedFile(FEB, lines)]);
      expect(set.records.map((l) => l.record.time)).to.deep.equal(['3h']);
    }
  });

  it('resolves the same id across files whatever order they are passed in', () => {
    const feb = decodedFile(FEB, [recordFields({ id: A, time: '1h' })]);
    const mar = decodedFile(MAR, [recordFields({ id: A, time: '3h' })]);
    for (const files of [[feb, mar], [mar, feb]]) {
      const set = collectRecords(files);
      expect(where(set.records)).to.deep.equal([`${MAR}:1`]);
      expect(where(set.superseded)).to.deep.equal([`${FEB}:1`]);
    }
  });

  it('a tombstone wins over versions not newer than it and leaves the live records', () => {
    const set = collectRecords([decodedFile(FEB, [
      recordFields({ id: A, time: '1h', updated: '2026-02-15T10:00:00Z' }),
      recordFields({ id: A, time: '1h', updated: '2026-02-15T10:00:00Z', deleted: '2026-02-15T10:00:00Z' }),
      recordFields({ id: B, time: '2h' }),
    ])]);
    expect(set.records.map((l) => l.record.id)).to.deep.equal([B]);
    expect(set.tombstones.map((l) => l.line)).to.deep.equal([2]);
  });

  it('a version newer than a tombstone wins over it', () => {
    const set = collectRecords([decodedFile(FEB, [
      recordFields({ id: A, time: '1h', updated: '2026-02-15T10:00:00Z', deleted: '2026-02-15T10:00:00Z' }),
      recordFields({ id: A, time: '2h', updated: '2026-02-15T10:00:01Z' }),
    ])]);
    expect(set.records.map((l) => l.record.time)).to.deep.equal(['2h']);
    expect(set.tombstones).to.deep.equal([]);
  });

  it('the winner keeps the newest Jira link of any version', () => {
    const link = { worklogId: '10001', issueId: '10000', syncedAt: '2026-02-15T09:00:00.000Z' };
    const set = collectRecords([decodedFile(FEB, [
      recordFields({ id: A, time: '1h', jira: link }),
      recordFields({ id: A, time: '2h', updated: '2026-02-15T10:00:00Z' }),
    ])]);
    expect(set.records.map((l) => [l.record.time, l.record.jira?.worklogId])).to.deep.equal([['2h', '10001']]);
  });

  it('lets an updated line in an earlier file beat a later file', () => {
    const set = collectRecords([
      decodedFile(FEB, [recordFields({ id: A, updated: '2026-03-02T00:00:00Z' })]),
      decodedFile(MAR, [recordFields({ id: A })]),
    ]);
    expect(where(set.records)).to.deep.equal([`${FEB}:1`]);
  });

  it('merges three copies of one id into one winner and two superseded', () => {
    const set = collectRecords([decodedFile(FEB, [
      recordFields({ id: A, time: '1h' }), recordFields({ id: B }), recordFields({ id: A, time: '3h' }), recordFields({ id: A, time: '2h' }),
    ])]);
    expect(set.records.map((l) => l.line)).to.deep.equal([2, 3]);
    expect(set.superseded.map((l) => l.line)).to.deep.equal([1, 4]);
  });

  it('treats hand-written lines with the same issue, author and instant as one id', () => {
    const set = collectRecords([
      decodedFile(FEB, [recordFields({ started: '2026-02-14T09:00:00+01:00', time: '3h' }), recordFields({ started: '2026-02-14T08:00:00.000Z', time: '1h' })]),
    ]);
    expect(set.records).to.have.length(1);
    expect(set.superseded).to.have.length(1);
  });

  it('collects the malformed lines of all files in path order', () => {
    const set = collectRecords([decodedFile(MAR, ['oops']), decodedFile(FEB, [recordFields(), '[]'])]);
    expect(set.problems.map((p) => `${p.file}:${p.line}`)).to.deep.equal([`${FEB}:2`, `${MAR}:1`]);
    expect(set.records).to.have.length(1);
  });
});
