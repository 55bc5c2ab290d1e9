import { expect } from 'chai';
import type { DecodedLine } from '../../../../shared/core/decode-worklog-file.ts';
import { DEFAULT_DURATION_UNITS } from '../../../../shared/core/parse-duration.ts';
import { planSync, syncFingerprint } from '../../../../shared/core/plan-sync.ts';
import type { PlanInput, SyncedRecord } from '../../../../shared/core/plan-sync.ts';
import type { WorklogRecord } from '../../../../shared/core/worklog-record.ts';

const FILE = 'worklogs/2026-02.jsonl';

function line(n: number, overrides: Partial<WorklogRecord> = {}): DecodedLine {
  const record: WorklogRecord = {
    id: `id-${n}`, issue: 'APP-1', author: 'john.mcmullan', time: '2h',
    started: `2026-02-14T0${n % 10}:00:00.000+01:00`, comment: 'Work', ...overrides,
  };
  return { file: FILE, line: n, raw: JSON.stringify(record), record };
}

const LINK = { worklogId: '10001', issueId: '10000', syncedAt: '2026-02-14T10:00:00.000Z' };

function input(records: DecodedLine[], known: Record<string, SyncedRecord> = {}, extra: Partial<PlanInput> = {}): PlanInput {
  return { records, tombstones: [], duplicates: [], problems: [], known: new Map(Object.entries(known)), queueOrder: [], units: DEFAULT_DURATION_UNITS, ...extra };
}

function syncedAs(l: DecodedLine, overrides: Partial<SyncedRecord> = {}): SyncedRecord {
  return { link: LINK, issue: l.record.issue, syncedFingerprint: syncFingerprint(l.record, 7200), ...overrides };
}

describe('planSync', () => {
  it('creates records that have no link', () => {
    const plan = planSync(input([line(1), line(2)]));
    expect(plan.create.map((c) => c.line.record.id)).to.deep.equal(['id-1', 'id-2']);
    expect(plan.create[0]!.seconds).to.equal(7200);
  });

  it('skips a linked record whose synced fields did not change', () => {
    const l = line(1, { jira: LINK });
    const plan = planSync(input([l], { 'id-1': syncedAs(l) }));
    expect(plan.create).to.be.empty;
    expect(plan.update).to.be.empty;
    expect(plan.skip).to.deep.equal([{ id: 'id-1', reason: 'unchanged' }]);
  });

  it('takes a linked record the controller never saw as in sync', () => {
    const plan = planSync(input([line(1, { jira: LINK, source: 'jira' })]));
    expect(plan.skip).to.deep.equal([{ id: 'id-1', reason: 'unchanged' }]);
  });

  for (const [what, change] of [
    ['time', { time: '3h' }],
    ['comment', { comment: 'More work' }],
    ['started', { started: '2026-02-15T09:00:00.000+01:00' }],
  ] as const) {
    it(`updates a linked record whose ${what} changed`, () => {
      const before = line(1, { jira: LINK });
      const after = line(1, { jira: LINK, ...change });
      const plan = planSync(input([after], { 'id-1': syncedAs(before) }));
      expect(plan.update).to.have.length(1);
      expect(plan.update[0]!.link).to.deep.equal(LINK);
      expect(plan.update[0]!.fromIssue).to.equal('APP-1');
    });
  }

  it('moves a record whose issue key changed', () => {
    const before = line(1, { jira: LINK });
    const plan = planSync(input([line(1, { jira: LINK, issue: 'APP-2' })], { 'id-1': syncedAs(before) }));
    expect(plan.update[0]!.fromIssue).to.equal('APP-1');
    expect(plan.update[0]!.line.record.issue).to.equal('APP-2');
  });

  it('the same instant written in another offset is not a change', () => {
    const before = line(1, { jira: LINK, started: '2026-02-14T09:00:00.000+01:00' });
    const after = line(1, { jira: LINK, started: '2026-02-14T08:00:00.000Z' });
    expect(planSync(input([after], { 'id-1': syncedAs(before) })).update).to.be.empty;
  });

  it('never deletes in Jira what was synced and is gone from git without a tombstone: it is reported missing', () => {
    const gone = line(1, { jira: LINK });
    const plan = planSync(input([line(2)], { 'id-1': syncedAs(gone, { author: 'john.mcmullan' }) }));
    expect(plan.remove).to.deep.equal([]);
    expect(plan.missing).to.deep.equal([{ id: 'id-1', link: LINK, issue: 'APP-1', author: 'john.mcmullan' }]);
  });

  it('deletes in Jira the tombstone of a synced record', () => {
    const tomb = line(1, { jira: LINK, updated: '2026-02-15T00:00:00.000Z', deleted: '2026-02-15T00:00:00.000Z' });
    const plan = planSync(input([], { 'id-1': syncedAs(line(1), { author: 'john.mcmullan' }) }, { tombstones: [tomb] }));
    expect(plan.remove).to.deep.equal([{ id: 'id-1', link: LINK, issue: 'APP-1', author: 'john.mcmullan' }]);
    expect(plan.missing).to.deep.equal([]);
  });

  it('a tombstone whose Jira worklog is deleted already, or that never reached Jira, needs nothing', () => {
    const synced = line(1, { jira: LINK, deleted: '2026-02-15T00:00:00.000Z' });
    const never = line(2, { deleted: '2026-02-15T00:00:00.000Z' });
    const plan = planSync(input([], { 'id-1': syncedAs(line(1), { deletedAt: '2026-02-15T00:00:01.000Z' }) }, { tombstones: [synced, never] }));
    expect(plan.remove).to.deep.equal([]);
    expect(plan.skip).to.deep.equal([{ id: 'id-1', reason: 'deleted' }, { id: 'id-2', reason: 'deleted' }]);
  });

  it('creates again a record revived by a version newer than its tombstone after Jira deleted it', () => {
    const revived = line(1, { jira: LINK, updated: '2026-02-16T00:00:00.000Z' });
    const plan = planSync(input([revived], { 'id-1': syncedAs(line(1), { deletedAt: '2026-02-15T00:00:01.000Z' }) }));
    expect(plan.create.map((c) => c.line.record.id)).to.deep.equal(['id-1']);
  });

  it('does not delete what never reached Jira', () => {
    const plan = planSync(input([], { 'id-1': { failure: { fingerprint: 'x', reason: 'IssueNotFound', message: 'm', since: 's' } } }));
    expect(plan.remove).to.be.empty;
  });

  it('does not retry a permanent failure until the record changes', () => {
    const l = line(1, { issue: 'APP-9999' });
    const failure = { fingerprint: syncFingerprint(l.record, 7200), reason: 'IssueNotFound' as const, message: 'Issue APP-9999 not found in Jira', since: 's' };
    expect(planSync(input([l], { 'id-1': { failure } })).skip).to.deep.equal([{ id: 'id-1', reason: 'failed-unchanged' }]);
    const fixed = line(1, { issue: 'APP-1' });
    expect(planSync(input([fixed], { 'id-1': { failure } })).create).to.have.length(1);
  });

  it('retries a failed update once the record changes again', () => {
    const before = line(1, { jira: LINK });
    const failedVersion = line(1, { jira: LINK, time: '3h' });
    const failure = { fingerprint: syncFingerprint(failedVersion.record, 10800), reason: 'PermissionDenied' as const, message: 'm', since: 's' };
    const known = { 'id-1': syncedAs(before, { failure }) };
    expect(planSync(input([failedVersion], known)).skip[0]!.reason).to.equal('failed-unchanged');
    expect(planSync(input([line(1, { jira: LINK, time: '4h' })], known)).update).to.have.length(1);
  });

  it('syncs only one of a duplicate group', () => {
    const kept = line(1);
    const dup = line(2, { started: kept.record.started });
    const plan = planSync(input([kept, dup], {}, { duplicates: [{ key: 'k', kept, duplicates: [dup] }] }));
    expect(plan.create.map((c) => c.line.record.id)).to.deep.equal(['id-1']);
    expect(plan.skip).to.deep.equal([{ id: 'id-2', reason: 'duplicate' }]);
  });

  it('creates queued records first, oldest queue entry first', () => {
    const plan = planSync(input([line(1), line(2), line(3)], {}, { queueOrder: ['id-3', 'id-2'] }));
    expect(plan.create.map((c) => c.line.record.id)).to.deep.equal(['id-3', 'id-2', 'id-1']);
  });

  it('skips a record whose time cannot be read and passes problems through', () => {
    const problem = { file: FILE, line: 9, expected: 'JSON object', found: 'garbage', message: 'not JSON' };
    const plan = planSync(input([line(1, { time: 'soon' })], {}, { problems: [problem] }));
    expect(plan.skip).to.deep.equal([{ id: 'id-1', reason: 'invalid-time' }]);
    expect(plan.problems).to.deep.equal([problem]);
  });
});
