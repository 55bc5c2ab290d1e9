import { expect } from 'chai';
import { collectRecords } from '../../../../shared/core/collect-records.ts';
import { findDuplicates, duplicateProblems } from '../../../../shared/core/find-duplicates.ts';
import { DEFAULT_DURATION_UNITS } from '../../../../shared/core/parse-duration.ts';
import { syncFingerprint } from '../../../../shared/core/plan-sync.ts';
import { buildRepoIndex } from '../../../../controller/read-model/record-index.ts';
import type { CommitSnapshot } from '../../../../shared/git/worklog-repository.ts';
import { emptyRepoState } from '../../../../controller/state/repo-state-store.ts';
import { decodedFile, recordFields } from '../../../support/worklog-lines.ts';

const FILE = 'worklogs/2026-02.jsonl';
const A = '0199a000-0000-7000-8000-00000000000a';
const B = '0199a000-0000-7000-8000-00000000000b';
const C = '0199a000-0000-7000-8000-00000000000c';
const DUP = '0199a000-0000-7000-8000-0000000000dd';
const GONE = '0199a000-0000-7000-8000-0000000000ee';
const NOW = new Date('2026-02-14T12:00:00Z');

function snapshot(lines: (Record<string, unknown> | string)[], queue: string[] = []): CommitSnapshot {
  const records = collectRecords([decodedFile(FILE, lines)]);
  const duplicates = findDuplicates(records.records);
  return {
    commit: 'c1', files: [], records, duplicates, problems: [...records.problems, ...duplicateProblems(duplicates)],
    queue: queue.map((id, i) => ({ path: `.tract/queue/worklogs/2026-02-14-00${i + 1}.json`, entry: { version: 1, worklogId: id, file: FILE, queuedAt: '2026-02-14T10:00:00Z', reason: 'sync server unreachable' } })),
  };
}

describe('buildRepoIndex', () => {
  const a = recordFields({ id: A, issue: 'APP-1' });
  const b = recordFields({ id: B, issue: 'APP-2', time: '3h' });
  const c = recordFields({ id: C, issue: 'APP-9999' });

  it('tells synced, failed and pending records apart, per current version', () => {
    const state = emptyRepoState();
    const link = { worklogId: '100', issueId: '10', syncedAt: '2026-02-14T11:00:00Z' };
    state.records[A] = { link, issue: 'APP-1', syncedFingerprint: syncFingerprint(a as never, 7200) };
    state.records[B] = { link: { ...link, worklogId: '101' }, issue: 'APP-2', syncedFingerprint: syncFingerprint({ ...b, time: '2h' } as never, 7200) };
    state.records[C] = { failure: { fingerprint: syncFingerprint(c as never, 7200), reason: 'IssueNotFound', message: 'Issue APP-9999 not found in Jira', since: '2026-02-14T11:30:00Z' } };
    state.retries = { [C]: { attempt: 3, nextRetryAt: '2026-02-14T11:34:00.000Z', scope: 'record' } };
    const index = buildRepoIndex({ repo: 'default/app', snapshot: snapshot([a, b, c], [C]), state, units: DEFAULT_DURATION_UNITS, now: NOW, deleted: new Map() });
    expect(index.records.get(A)).to.deep.include({ state: 'synced', jira: { worklogId: '100', issueId: '10' }, updatedAt: '2026-02-14T11:00:00Z' });
    expect(index.records.get(B)).to.deep.include({ state: 'pending', jira: null });
    expect(index.records.get(C)).to.deep.include({ state: 'failed', error: { reason: 'IssueNotFound', message: 'Issue APP-9999 not found in Jira' } });
    expect(index.errors).to.deep.equal([{
      worklogId: C, issue: 'APP-9999', author: c.author, file: FILE, reason: 'IssueNotFound', message: 'Issue APP-9999 not found in Jira', since: '2026-02-14T11:30:00Z',
      scope: 'record', attempts: 3, nextRetryAt: '2026-02-14T11:34:00.000Z',
    }]);
    expect(index.queue).to.deep.equal([{ file: '.tract/queue/worklogs/2026-02-14-001.json', worklogId: C, queuedAt: '2026-02-14T10:00:00Z', reason: 'sync server unreachable', state: 'failed', error: { reason: 'IssueNotFound', message: 'Issue APP-9999 not found in Jira' } }]);
    expect([index.pending, index.failed]).to.deep.equal([1, 1]);
  });

  it('a linked line the controller has no memory of counts as synced; a failure of an older version does not count', () => {
    const state = emptyRepoState();
    state.records[C] = { failure: { fingerprint: 'older', reason: 'IssueNotFound', message: 'x', since: 's' } };
    const linked = { ...a, jira: { worklogId: '7', issueId: '8', syncedAt: '2026-02-01T00:00:00Z' } };
    const index = buildRepoIndex({ repo: 'default/app', snapshot: snapshot([linked, c]), state, units: DEFAULT_DURATION_UNITS, now: NOW, deleted: new Map() });
    expect(index.records.get(A)?.state).to.equal('synced');
    expect(index.records.get(C)?.state).to.equal('pending');
  });

  it('a duplicate takes the state of the line it duplicates; malformed lines are problems, not records', () => {
    const dup = { ...a, id: DUP };
    const state = emptyRepoState();
    state.records[A] = { link: { worklogId: '100', issueId: '10', syncedAt: 't' }, syncedFingerprint: syncFingerprint(a as never, 7200) };
    const index = buildRepoIndex({ repo: 'default/app', snapshot: snapshot([a, dup, '{not json']), state, units: DEFAULT_DURATION_UNITS, now: NOW, deleted: new Map() });
    expect(index.records.get(DUP)).to.deep.include({ state: 'synced', jira: { worklogId: '100', issueId: '10' } });
    expect(index.problems.map((p) => p.line)).to.include.members([2, 3]);
  });

  it('remembers deleted records that are gone from the tip', () => {
    const index = buildRepoIndex({ repo: 'default/app', snapshot: snapshot([a]), state: emptyRepoState(), units: DEFAULT_DURATION_UNITS, now: NOW, deleted: new Map([[GONE, { issue: 'APP-5', at: '2026-02-14T11:59:00Z' }]]) });
    expect(index.records.get(GONE)).to.deep.include({ state: 'deleted', issue: 'APP-5' });
  });
});
