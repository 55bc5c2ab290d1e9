import { expect } from 'chai';
import { validateWorklogRecord } from '../../../../shared/core/decode-worklog-file.ts';
import { deriveRecordId } from '../../../../shared/core/record-id.ts';

const ID = '01950f4e-8a3b-7c4d-8e5f-0123456789ab';
const GOOD = { id: ID, issue: 'APP-1', author: 'john', time: '2h', started: '2026-02-14T09:00:00.000+01:00' };

describe('validateWorklogRecord', () => {
  it('returns a valid record as it is', () => {
    const record = { ...GOOD, comment: 'c', source: 'jira', jira: { worklogId: '1', issueId: '2', syncedAt: '2026-02-14T09:00:00Z' }, updated: '2026-02-14T09:00:00Z' };
    expect(validateWorklogRecord(record)).to.deep.equal({ record, problems: [] });
  });

  it('keeps extra and idDerived', () => {
    const record = { ...GOOD, extra: { future: 1 }, idDerived: true };
    expect(validateWorklogRecord(record).record).to.deep.equal(record);
  });

  it('derives a missing id', () => {
    const { id: _id, ...withoutId } = GOOD;
    const { record } = validateWorklogRecord(withoutId);
    expect(record).to.deep.equal({ ...withoutId, id: deriveRecordId('APP-1', 'john', GOOD.started), idDerived: true });
  });

  it('collects every problem, with no file or line', () => {
    const { record, problems } = validateWorklogRecord({ ...GOOD, issue: 'nope', time: '', started: '09:00' });
    expect(record).to.equal(undefined);
    expect(problems.map((p) => p.expected.split(':')[0])).to.deep.equal(['issue', 'time', 'started']);
    expect(problems[0]).to.have.all.keys('expected', 'found', 'message');
  });

  it('rejects a top-level field the record type does not have', () => {
    const { problems } = validateWorklogRecord({ ...GOOD, future: 1 });
    expect(problems).to.have.length(1);
    expect(problems[0]!.message).to.include('"future"').and.include('extra');
  });

  const badShapes: [string, unknown, string][] = [
    ['null', null, 'null'],
    ['an array', [GOOD], 'an array'],
    ['a string', 'APP-1', 'a string'],
  ];
  for (const [name, value, found] of badShapes) {
    it(`rejects ${name}`, () => {
      expect(validateWorklogRecord(value).problems).to.deep.include({ expected: 'a JSON object', found, message: `expected a JSON object {"issue", "author", "time", "started", …}, found ${found}` });
    });
  }

  it('rejects extra that is not an object and idDerived that is not a boolean', () => {
    const { problems } = validateWorklogRecord({ ...GOOD, extra: [1], idDerived: 'yes' });
    expect(problems.map((p) => p.expected)).to.deep.equal(['extra: an object', 'idDerived: a boolean']);
  });
});
