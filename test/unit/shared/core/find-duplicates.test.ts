import { expect } from 'chai';
import { collectRecords } from '../../../../shared/core/collect-records.ts';
import { duplicateKey, duplicateProblems, findDuplicates } from '../../../../shared/core/find-duplicates.ts';
import type { WorklogRecord } from '../../../../shared/core/worklog-record.ts';
import { decodedFile, recordFields } from '../../../support/worklog-lines.ts';

const FEB = 'worklogs/2026-02.jsonl';
const MAR = 'worklogs/2026-03.jsonl';
const LINK = { worklogId: '10234', issueId: '12345', syncedAt: '2026-02-14T09:01:00.000Z' };

function groupsOf(lines: Record<string, unknown>[]) {
  return findDuplicates(collectRecords([decodedFile(FEB, lines)]).records);
}

function base(overrides: Partial<WorklogRecord> = {}): WorklogRecord {
  return { id: 'x', issue: 'APP-1', author: 'john', time: '2h', started: '2026-02-14T09:00:00.000+01:00', ...overrides };
}

describe('duplicateKey', () => {
  const same: [string, Partial<WorklogRecord>][] = [
    ['another id', { id: 'y' }],
    ['different seconds in the same minute', { started: '2026-02-14T09:00:59.999+01:00' }],
    ['the same instant in another offset', { started: '2026-02-14T08:00:00Z' }],
    ['the same time written another way', { time: '120m' }],
    ['another comment', { comment: 'other' }],
  ];
  for (const [name, change] of same) {
    it(`is the same for ${name}`, () => {
      expect(duplicateKey(base(change))).to.equal(duplicateKey(base()));
    });
  }

  const different: [string, Partial<WorklogRecord>][] = [
    ['another minute', { started: '2026-02-14T09:01:00.000+01:00' }],
    ['a second before the minute', { started: '2026-02-14T08:59:59.999+01:00' }],
    ['another time', { time: '1h' }],
    ['another author', { author: 'sarah' }],
    ['another issue', { issue: 'APP-2' }],
    ['the same local time in another offset', { started: '2026-02-14T09:00:00.000+02:00' }],
  ];
  for (const [name, change] of different) {
    it(`differs for ${name}`, () => {
      expect(duplicateKey(base(change))).to.not.equal(duplicateKey(base()));
    });
  }

  it('uses the duration units: 1d is 7.5h on a 7.5-hour-day site', () => {
    const units = { hoursPerDay: 7.5, daysPerWeek: 5 };
    expect(duplicateKey(base({ time: '1d' }), units)).to.equal(duplicateKey(base({ time: '7.5h' }), units));
    expect(duplicateKey(base({ time: '1d' }))).to.not.equal(duplicateKey(base({ time: '7.5h' })));
  });

  it('compares a time that does not parse as written', () => {
    expect(duplicateKey(base({ time: 'lots' }))).to.equal(duplicateKey(base({ time: 'lots' })));
    expect(duplicateKey(base({ time: 'lots' }))).to.not.equal(duplicateKey(base({ time: 'Lots' })));
  });
});

describe('findDuplicates', () => {
  it('keeps the earliest line and reports the others', () => {
    const groups = groupsOf([
      recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000001' }),
      recordFields({ issue: 'APP-2' }),
      recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000003', started: '2026-02-14T09:00:30+01:00' }),
      recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000004', time: '120m' }),
    ]);
    expect(groups).to.have.length(1);
    expect(groups[0]!.kept.line).to.equal(1);
    expect(groups[0]!.duplicates.map((l) => l.line)).to.deep.equal([3, 4]);
  });

  it('prefers the line linked to Jira', () => {
    const groups = groupsOf([
      recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000001' }),
      recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000002', source: 'jira', jira: LINK }),
      recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000003', jira: { ...LINK, worklogId: '10235' } }),
    ]);
    expect(groups[0]!.kept.line).to.equal(2);
    expect(groups[0]!.duplicates.map((l) => l.line)).to.deep.equal([1, 3]);
  });

  const notDuplicates: [string, Record<string, unknown>][] = [
    ['a different time', { time: '1h' }],
    ['a different author', { author: 'sarah' }],
    ['a different minute', { started: '2026-02-14T10:00:00+01:00' }],
  ];
  for (const [name, change] of notDuplicates) {
    it(`does not group lines with ${name}`, () => {
      expect(groupsOf([recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000001' }), recordFields(change)])).to.deep.equal([]);
    });
  }

  it('finds duplicates across files and orders groups by their kept line', () => {
    const set = collectRecords([
      decodedFile(MAR, [recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000009', issue: 'APP-2', started: '2026-03-01T04:30:00Z' })]),
      decodedFile(FEB, [
        recordFields({ issue: 'APP-2', started: '2026-02-28T23:30:00-05:00' }),
        recordFields({ issue: 'APP-3' }),
        recordFields({ issue: 'APP-3', time: '2h', started: '2026-02-14T09:00:10+01:00' }),
      ]),
    ]);
    const groups = findDuplicates(set.records);
    expect(groups.map((g) => [`${g.kept.file}:${g.kept.line}`, g.duplicates.map((d) => `${d.file}:${d.line}`)])).to.deep.equal([
      [`${FEB}:1`, [`${MAR}:1`]],
      [`${FEB}:2`, [`${FEB}:3`]],
    ]);
  });
});

describe('duplicateProblems', () => {
  it('reports each duplicate line with the kept line', () => {
    const groups = groupsOf([recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000001' }), recordFields({ comment: 'again' })]);
    expect(duplicateProblems(groups)).to.deep.equal([
      {
        file: FEB,
        line: 2,
        expected: 'one line per worklog (issue, author, started minute, time)',
        found: 'duplicate of line 1',
        message: 'duplicate of line 1: same issue, author, started minute and time; only line 1 is synced',
      },
    ]);
  });

  it('names the kept line’s file when it is another file', () => {
    const set = collectRecords([decodedFile(FEB, [recordFields()]), decodedFile(MAR, [recordFields({ id: '01950f4e-8a3b-7c4d-8e5f-000000000001' })])]);
    const [problem] = duplicateProblems(findDuplicates(set.records));
    expect(problem).to.include({ file: MAR, line: 1 });
    expect(problem!.message).to.equal(`duplicate of ${FEB} line 1: same issue, author, started minute and time; only ${FEB} line 1 is synced`);
  });

  it('reports nothing without duplicates', () => {
    expect(duplicateProblems([])).to.deep.equal([]);
  });
});
