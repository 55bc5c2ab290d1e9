import { expect } from 'chai';
import { reconcileTractRepo } from '../../../../controller/reconcile/reconcile-tract-repo.ts';
import { StepFailure } from '../../../../controller/reconcile/pass-outcome.ts';
import { AuthError, TransientError } from '../../../../shared/core/tract-error.ts';
import { FakeFinalizers, fixture, okSummary, tractRepo } from './reconcile-fakes.ts';

const KEY = 'default/app';

describe('reconcileTractRepo', () => {
  it('a good pass: Ready True Succeeded, observedGeneration, the pass facts, requeue after the interval', async () => {
    const f = fixture();
    f.source.put(tractRepo('app', {}, 3));
    const work = await reconcileTractRepo(KEY, f.deps);
    expect(work).to.deep.equal({ kind: 'done', requeueAfterMs: 60_000 });
    const status = f.status.last();
    expect(status.observedGeneration).to.equal(3);
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason, c.observedGeneration])).to.deep.equal([['Ready', 'True', 'Succeeded', 3]]);
    expect(status).to.deep.include({ lastSyncedCommit: 'c0ffee0000', pending: 0, failed: 0, webhookPath: '/webhook/jira/default/app' });
    expect(status.lastSyncSummary).to.deep.equal({ created: 1, updated: 0, deleted: 0, skipped: 0, failed: 0 });
    expect(f.events.map((e) => `${e.type} ${e.reason}`)).to.deep.equal(['Normal SyncSucceeded']);
  });

  it('marks a new generation Reconciling before the steps run (an early patch), then clears it', async () => {
    const f = fixture();
    f.source.put(tractRepo('app', {}, 1));
    let seenDuringPass: string[] = [];
    f.pass.next = async () => {
      seenDuringPass = f.status.last().conditions!.map((c) => `${c.type}=${c.status}/${c.reason}`);
      return okSummary();
    };
    await reconcileTractRepo(KEY, f.deps);
    expect(seenDuringPass).to.deep.equal(['Reconciling=True/Progressing', 'Ready=Unknown/Progressing']);
    expect(f.status.last().conditions!.map((c) => c.type)).to.deep.equal(['Ready']);
  });

  it('a healthy repo whose generation is handled writes its status once per pass', async () => {
    const f = fixture();
    f.source.put(tractRepo());
    await reconcileTractRepo(KEY, f.deps);
    const before = f.status.patches.length;
    f.clock.ms += 60_000;
    await reconcileTractRepo(KEY, f.deps);
    expect(f.status.patches.length - before).to.equal(1);
  });

  it('a failure keeps observedGeneration, sets Ready False and Reconciling ProgressingWithRetry, and backs off', async () => {
    const f = fixture();
    f.source.put(tractRepo('app', {}, 1));
    await reconcileTractRepo(KEY, f.deps);
    f.source.put(tractRepo('app', {}, 2));
    f.pass.next = () => Promise.reject(new StepFailure('fetch', new TransientError('git fetch: remote unreachable', { reason: 'GitOperationFailed' })));
    const work = await reconcileTractRepo(KEY, f.deps);
    expect(work).to.deep.equal({ kind: 'retry' });
    const status = f.status.last();
    expect(status.observedGeneration).to.equal(1);
    const conditions = Object.fromEntries(status.conditions!.map((c) => [c.type, `${c.status}/${c.reason}`]));
    expect(conditions).to.deep.equal({ Ready: 'False/GitOperationFailed', Reconciling: 'True/ProgressingWithRetry', FetchFailed: 'True/GitOperationFailed' });
    expect(f.events.at(-1)).to.deep.include({ type: 'Warning', reason: 'SyncFailed', message: 'git fetch: remote unreachable' });
  });

  it('recovery removes the failure conditions; lastTransitionTime moves only when a status flips', async () => {
    const f = fixture();
    f.source.put(tractRepo());
    f.pass.next = () => Promise.reject(new StepFailure('jira', new AuthError('Jira rejected the credentials', { reason: 'AuthenticationFailed' })));
    await reconcileTractRepo(KEY, f.deps);
    const failedAt = f.status.last().conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime;
    f.clock.ms += 5 * 60_000;
    await reconcileTractRepo(KEY, f.deps);
    expect(f.status.last().conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime).to.equal(failedAt);
    f.pass.next = undefined;
    f.clock.ms += 5 * 60_000;
    await reconcileTractRepo(KEY, f.deps);
    const ready = f.status.last().conditions!;
    expect(ready.map((c) => c.type)).to.deep.equal(['Ready']);
    expect(ready[0]!.lastTransitionTime).to.equal('2026-02-14T10:10:00Z');
    expect(f.events.filter((e) => e.reason === 'SyncFailed')).to.have.length(1);
  });

  it('record failures leave the repo Ready (counted, JiraSyncFailed PartialSync) and requeue at the earliest retry', async () => {
    const f = fixture();
    f.source.put(tractRepo());
    const nextRetryAt = new Date(f.clock.ms + 90_000).toISOString();
    const failure = { id: 'r1', issue: 'APP-9999', reason: 'IssueNotFound' as const, message: 'Issue APP-9999 not found in Jira', scope: 'record' as const, nextRetryAt };
    f.pass.next = async () => okSummary({ failures: [failure], nextRetryAtMs: f.clock.ms + 30_000 });
    const work = await reconcileTractRepo(KEY, f.deps);
    expect(work).to.deep.equal({ kind: 'done', requeueAfterMs: 30_000 });
    const ready = f.status.last().conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).to.include({ status: 'True', reason: 'Succeeded' });
    expect(ready.message).to.equal('synced main@c0ffee0: 1 created, 0 updated, 0 deleted in Jira; 1 worklog failed to sync (first: Issue APP-9999 not found in Jira); each is retried automatically');
    expect(f.status.last().conditions!.find((c) => c.type === 'JiraSyncFailed')).to.include({ status: 'True', reason: 'PartialSync' });
    expect(f.status.last().observedGeneration).to.equal(1);
    expect(f.events.map((e) => `${e.type} ${e.reason}: ${e.message}`)).to.deep.equal([
      'Warning WorklogsFailed: 1 worklog failed to sync (first: Issue APP-9999 not found in Jira); each is retried automatically',
    ]);
  });

  it('credentials refused: Ready False AuthenticationFailed with a Warning event, requeued for the records\' retry, not a slow stall', async () => {
    const f = fixture();
    f.source.put(tractRepo());
    const failure = { id: 'r1', issue: 'APP-7', reason: 'AuthenticationFailed' as const, message: 'Jira refused the credentials', scope: 'repo' as const };
    f.pass.next = async () => okSummary({ failures: [failure], nextRetryAtMs: f.clock.ms + 60_000, jiraError: new AuthError('Jira refused the credentials', { reason: 'AuthenticationFailed' }) });
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'done', requeueAfterMs: 60_000 });
    const ready = f.status.last().conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).to.include({ status: 'False', reason: 'AuthenticationFailed', message: 'Jira refused the credentials; 1 worklog waits for it (retried automatically)' });
    expect(f.events.map((e) => `${e.type} ${e.reason}`)).to.deep.equal(['Warning SyncFailed']);
  });

  it("an author's missing permission is Ready False PermissionDenied naming the author", async () => {
    const f = fixture();
    f.source.put(tractRepo());
    const failure = { id: 'r1', issue: 'APP-7', reason: 'PermissionDenied' as const, message: 'No permission to log work on APP-7 in Jira', scope: 'author' as const, author: 'sarah.jones' };
    f.pass.next = async () => okSummary({ failures: [failure, { ...failure, id: 'r2' }] });
    await reconcileTractRepo(KEY, f.deps);
    const ready = f.status.last().conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).to.include({ status: 'False', reason: 'PermissionDenied', message: 'No permission to log work on APP-7 in Jira; 2 worklogs of sarah.jones wait for it (retried automatically)' });
    expect(f.status.last().conditions!.find((c) => c.type === 'JiraSyncFailed')).to.include({ status: 'True', reason: 'PermissionDenied' });
  });

  it('a rate-limited Jira reported by the pass is JiraRateLimited, retried after Retry-After', async () => {
    const f = fixture();
    f.source.put(tractRepo());
    f.pass.next = async () => okSummary({ jiraError: new TransientError('Jira rate limited', { reason: 'RateLimited', retryAfterMs: 20_000 }) });
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'retry', minDelayMs: 20_000 });
    expect(f.status.last().conditions!.find((c) => c.type === 'Ready')).to.include({ reason: 'JiraRateLimited' });
  });

  it('an invalid spec stalls without running the steps', async () => {
    const f = fixture();
    f.source.put(tractRepo());
    f.source.invalid.set(KEY, 'spec.sync.batchSize: expected <= 100, found 1000');
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'stop' });
    expect(f.pass.runs).to.deep.equal([]);
    const conditions = Object.fromEntries(f.status.last().conditions!.map((c) => [c.type, `${c.status}/${c.reason}`]));
    expect(conditions).to.deep.equal({ Ready: 'False/InvalidSpec', Stalled: 'True/InvalidSpec' });
    expect(f.status.last().observedGeneration).to.equal(1);
  });

  it('a suspended repo: Ready False Suspended, no steps, no requeue, one event; waiting Jira batches fail', async () => {
    const f = fixture();
    f.source.put(tractRepo('app', { suspend: true }));
    const rejected: unknown[] = [];
    void f.deps.mailbox.post(KEY, []).catch((err: unknown) => rejected.push(err));
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'stop' });
    await reconcileTractRepo(KEY, f.deps);
    expect(f.pass.runs).to.deep.equal([]);
    expect(f.status.last().conditions!.find((c) => c.type === 'Ready')).to.include({ status: 'False', reason: 'Suspended' });
    expect(f.events.map((e) => e.reason)).to.deep.equal(['Suspended']);
    expect(rejected).to.have.length(1);
  });

  it('a repo that is gone is cleaned up and forgotten', async () => {
    const f = fixture();
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'stop' });
    expect(f.pass.cleanups).to.deep.equal([KEY]);
    expect(f.status.patches).to.deep.equal([]);
  });

  it('with finalizers: adds a missing one first, and on deletion cleans up then removes it', async () => {
    const finalizers = new FakeFinalizers();
    const f = fixture(finalizers);
    f.source.put(tractRepo());
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'done', requeueAfterMs: 0 });
    const held = tractRepo();
    held.metadata.finalizers = ['finalizers.tract.dev'];
    f.source.put(held);
    await reconcileTractRepo(KEY, f.deps);
    expect(f.pass.runs).to.deep.equal(['app']);
    held.metadata.deletionTimestamp = '2026-02-14T11:00:00Z';
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'stop' });
    expect(f.pass.cleanups).to.deep.equal([KEY]);
    expect(finalizers.calls).to.deep.equal([`add ${KEY}`, `remove ${KEY}`]);
  });

  it('a failed status patch does not turn a good pass into a failure', async () => {
    const f = fixture();
    f.source.put(tractRepo());
    await reconcileTractRepo(KEY, f.deps);
    f.status.failNext = true;
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'done', requeueAfterMs: 60_000 });
    expect(f.deps.runtimes.get(KEY).status?.conditions?.[0]?.reason).to.equal('Succeeded');
  });

  it('records the requested-at value it handled', async () => {
    const f = fixture();
    const repo = tractRepo();
    repo.metadata.annotations = { 'tract.dev/requested-at': '1771063200' };
    f.source.put(repo);
    await reconcileTractRepo(KEY, f.deps);
    expect(f.status.last().lastHandledReconcileAt).to.equal('1771063200');
  });

  it('fails the Jira bursts its pass cannot run: a failed pass, a repo not syncing from Jira, a repo being deleted', async () => {
    const f = fixture(new FakeFinalizers());
    const answers: string[] = [];
    const post = (): void => void f.deps.mailbox.post(KEY, []).catch((err: Error) => answers.push(err.message));
    const repo = tractRepo('app', {});
    repo.metadata.finalizers = ['finalizers.tract.dev'];
    f.source.put(repo);
    f.pass.next = async () => { post(); throw new StepFailure('fetch', new TransientError('git fetch failed')); };
    await reconcileTractRepo(KEY, f.deps);
    const gitToJira = tractRepo('app', { sync: { direction: 'GitToJira' } });
    gitToJira.metadata.finalizers = repo.metadata.finalizers;
    f.source.put(gitToJira);
    post();
    f.pass.next = undefined;
    await reconcileTractRepo(KEY, f.deps);
    gitToJira.metadata.deletionTimestamp = '2026-02-14T11:00:00Z';
    post();
    await reconcileTractRepo(KEY, f.deps);
    expect(answers).to.deep.equal(['git fetch failed', 'TractRepo default/app does not sync from Jira (spec.sync.direction)', 'TractRepo default/app is gone']);
    expect(f.deps.mailbox.waiting()).to.equal(0);
  });

  it('GitToJira repos requeue after spec.interval; others no later than the Jira reconcile interval', async () => {
    const f = fixture();
    f.source.put(tractRepo('app', { interval: '10m', sync: { direction: 'GitToJira' } }));
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'done', requeueAfterMs: 600_000 });
    f.source.put(tractRepo('app', { interval: '10m' }));
    expect(await reconcileTractRepo(KEY, f.deps)).to.deep.equal({ kind: 'done', requeueAfterMs: 300_000 });
  });
});
