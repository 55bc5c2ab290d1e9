import { expect } from 'chai';
import { failureReports, knownForPlan, noteFailure, pruneRetries } from '../../../../controller/to-jira/failure-memory.ts';
import { DEFAULT_RETRY_SCHEDULE, failureScope, retryDelayMs } from '../../../../controller/to-jira/record-retries.ts';
import { emptyRepoState } from '../../../../controller/state/repo-state-store.ts';
import type { RecordFailureReason } from '../../../../shared/core/plan-sync.ts';

const NOW = new Date('2026-02-14T10:00:00.000Z');
const failure = (fingerprint: string, reason: RecordFailureReason = 'IssueNotFound') => ({ fingerprint, reason, message: 'm', since: NOW.toISOString() });

describe('record retries', () => {
  it('the documented schedule: 1 minute, doubling, at most 4 hours', () => {
    const minutes = [1, 2, 3, 4, 5, 8, 9, 20].map((n) => retryDelayMs(n, DEFAULT_RETRY_SCHEDULE) / 60_000);
    expect(minutes).to.deep.equal([1, 2, 4, 8, 16, 128, 240, 240]);
  });

  it('who must act: credentials and the site are the repo, permission and identity the author, the rest the record', () => {
    expect((['AuthenticationFailed', 'TimeTrackingDisabled', 'PermissionDenied', 'UnknownAuthor', 'IssueNotFound', 'IssueNotEditable'] as const).map(failureScope))
      .to.deep.equal(['repo', 'repo', 'author', 'author', 'record', 'record']);
  });

  it('a failure of the same version backs off further; a changed line starts again at the first delay', () => {
    const state = emptyRepoState();
    noteFailure(state, 'r', failure('v1'), DEFAULT_RETRY_SCHEDULE, NOW);
    noteFailure(state, 'r', failure('v1'), DEFAULT_RETRY_SCHEDULE, NOW);
    expect(state.retries?.r).to.deep.equal({ attempt: 2, nextRetryAt: '2026-02-14T10:02:00.000Z', scope: 'record' });
    noteFailure(state, 'r', failure('v2', 'PermissionDenied'), DEFAULT_RETRY_SCHEDULE, NOW);
    expect(state.retries?.r).to.deep.equal({ attempt: 1, nextRetryAt: '2026-02-14T10:01:00.000Z', scope: 'author' });
  });

  it('the planner sees a failure only until its retry is due, or until the spec or a Secret changed', () => {
    const state = emptyRepoState();
    noteFailure(state, 'r', failure('v1'), DEFAULT_RETRY_SCHEDULE, NOW);
    expect(knownForPlan(state, new Date(NOW.getTime() + 59_999), false).get('r')?.failure).to.not.equal(undefined);
    expect(knownForPlan(state, new Date(NOW.getTime() + 60_000), false).get('r')?.failure).to.equal(undefined);
    expect(knownForPlan(state, NOW, true).get('r')?.failure).to.equal(undefined);
    delete state.retries;
    expect(knownForPlan(state, NOW, false).get('r')?.failure, 'a failure from an older state file is retried').to.equal(undefined);
  });

  it('reports each failed record with its next retry, and forgets marks of records that no longer fail', () => {
    const state = emptyRepoState();
    noteFailure(state, 'r', failure('v1'), DEFAULT_RETRY_SCHEDULE, NOW);
    const line = { file: 'worklogs/2026-02.jsonl', line: 1, record: { id: 'r', issue: 'APP-9', author: 'ann' } };
    const reports = failureReports(state, { records: { records: [line] } } as never);
    expect(reports).to.deep.equal([{
      id: 'r', issue: 'APP-9', author: 'ann', file: 'worklogs/2026-02.jsonl', reason: 'IssueNotFound', message: 'm', scope: 'record', attempt: 1,
      since: NOW.toISOString(), nextRetryAt: '2026-02-14T10:01:00.000Z',
    }]);
    state.records.r = {};
    pruneRetries(state);
    expect(state.retries).to.deep.equal({});
  });
});
