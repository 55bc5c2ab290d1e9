import { expect } from 'chai';
import { AuthError, ConflictError, InternalError, TransientError, ValidationError } from '../../../../shared/core/tract-error.ts';
import { SLOW_REQUEUE_MS, StepFailure, inStep, toPassOutcome } from '../../../../controller/reconcile/pass-outcome.ts';

describe('toPassOutcome', () => {
  it('a spec ValidationError stalls with InvalidSpec and is not requeued', () => {
    const outcome = toPassOutcome(new StepFailure('spec', new ValidationError('spec.interval: bad', { reason: 'InvalidSpec' })));
    expect(outcome.result).to.equal('stalled');
    expect(outcome.ready).to.deep.equal({ status: 'False', reason: 'InvalidSpec', message: 'spec.interval: bad' });
    expect(outcome.stalled).to.deep.equal({ reason: 'InvalidSpec', message: 'spec.interval: bad' });
    expect(outcome.work).to.deep.equal({ kind: 'stop' });
  });

  it('a Secret without the needed keys stalls with SecretInvalid but is looked at again slowly', () => {
    const outcome = toPassOutcome(new StepFailure('secrets', new ValidationError('Secret jira needs …', { reason: 'SecretInvalid' })));
    expect(outcome.stalled?.reason).to.equal('SecretInvalid');
    expect(outcome.work).to.deep.equal({ kind: 'retry', minDelayMs: SLOW_REQUEUE_MS });
  });

  it('a missing branch on the remote is a retried GitOperationFailed, not a stall', () => {
    const outcome = toPassOutcome(new StepFailure('fetch', new ValidationError('git clone: Remote branch main not found', { reason: 'RemoteBranchNotFound' })));
    expect(outcome.stalled).to.equal(undefined);
    expect(outcome.ready.reason).to.equal('GitOperationFailed');
    expect(outcome.failure).to.deep.include({ type: 'FetchFailed', reason: 'GitOperationFailed' });
    expect(outcome.work).to.deep.equal({ kind: 'retry' });
  });

  it('a missing Secret is Ready False SecretNotFound with FetchFailed, retried with backoff', () => {
    const outcome = toPassOutcome(new StepFailure('secrets', new TransientError('Secret default/jira not found', { reason: 'SecretNotFound' })));
    expect(outcome.ready).to.include({ status: 'False', reason: 'SecretNotFound' });
    expect(outcome.failure).to.deep.include({ type: 'FetchFailed', reason: 'SecretNotFound' });
    expect(outcome.work).to.deep.equal({ kind: 'retry' });
  });

  it('an AuthError from Jira is AuthenticationFailed on JiraSyncFailed, requeued slowly', () => {
    const outcome = toPassOutcome(new StepFailure('jira', new AuthError('Jira rejected the credentials', { reason: 'AuthenticationFailed' })));
    expect(outcome.ready).to.include({ status: 'False', reason: 'AuthenticationFailed' });
    expect(outcome.failure).to.deep.include({ type: 'JiraSyncFailed', reason: 'AuthenticationFailed' });
    expect(outcome.work).to.deep.equal({ kind: 'retry', minDelayMs: SLOW_REQUEUE_MS });
  });

  it('a ConflictError asks for a pass at once and names the push', () => {
    const outcome = toPassOutcome(new StepFailure('writeback', new ConflictError('rejected', { reason: 'PushRejected' })));
    expect(outcome.result).to.equal('requeue');
    expect(outcome.failure).to.deep.include({ type: 'WritebackFailed', reason: 'PushRejected' });
    expect(outcome.work).to.deep.equal({ kind: 'now' });
  });

  it('a rate-limited Jira honours Retry-After', () => {
    const outcome = toPassOutcome(new StepFailure('jira', new TransientError('429', { reason: 'RateLimited', retryAfterMs: 30_000 })));
    expect(outcome.ready.reason).to.equal('JiraRateLimited');
    expect(outcome.failure).to.deep.include({ type: 'JiraSyncFailed', reason: 'JiraRateLimited' });
    expect(outcome.work).to.deep.equal({ kind: 'retry', minDelayMs: 30_000 });
  });

  it('a transient git failure in the write-back is WritebackFailed', () => {
    const outcome = toPassOutcome(new StepFailure('writeback', new TransientError('git push: remote unreachable', { reason: 'GitOperationFailed' })));
    expect(outcome.ready.reason).to.equal('WritebackFailed');
    expect(outcome.failure).to.deep.include({ type: 'WritebackFailed', reason: 'GitOperationFailed' });
  });

  it('from-jira failures go to WritebackFailed for git and JiraSyncFailed for Jira', () => {
    expect(toPassOutcome(new StepFailure('from-jira', new TransientError('push', { reason: 'GitOperationFailed' }))).failure?.type).to.equal('WritebackFailed');
    expect(toPassOutcome(new StepFailure('from-jira', new TransientError('503', { reason: 'JiraServerError' }))).failure?.type).to.equal('JiraSyncFailed');
  });

  it('an InternalError asks to be reported and backs off', () => {
    const outcome = toPassOutcome(new StepFailure('jira', new InternalError('unexpected shape')));
    expect(outcome.ready.message).to.equal('unexpected shape (an internal error: please report it)');
    expect(outcome.work).to.deep.equal({ kind: 'retry' });
  });

  it('state storage failures get their own reason and no step condition', () => {
    const outcome = toPassOutcome(new StepFailure('writeback', new TransientError('disk full', { reason: 'StateStorageFailed' })));
    expect(outcome.ready.reason).to.equal('StateStorageFailed');
    expect(outcome.failure).to.equal(undefined);
  });

  it('inStep tags raw errors once with the first step that saw them', async () => {
    const err = await inStep('fetch', () => inStep('jira', () => Promise.reject(new Error('boom')))).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(StepFailure);
    expect((err as StepFailure).step).to.equal('jira');
    expect((err as StepFailure).error).to.be.instanceOf(InternalError);
  });
});
