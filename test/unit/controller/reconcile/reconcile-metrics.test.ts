import { expect } from 'chai';
import { reconcileTractRepo } from '../../../../controller/reconcile/reconcile-tract-repo.ts';
import { StepFailure } from '../../../../controller/reconcile/pass-outcome.ts';
import { ConflictError, TransientError, ValidationError } from '../../../../shared/core/tract-error.ts';
import { fixture, tractRepo } from './reconcile-fakes.ts';

const KEY = 'default/app';

async function errorSeries(f: ReturnType<typeof fixture>): Promise<string[]> {
  const { body } = await f.deps.metrics.render();
  return body.split('\n').filter((line) => line.startsWith('tract_sync_errors_total{'));
}

describe('reconcileTractRepo: failed passes count as sync errors of their repo (docs/metrics.md)', () => {
  for (const [step, error, direction, reason] of [
    ['fetch', new TransientError('git fetch: remote unreachable', { reason: 'GitOperationFailed' }), 'both', 'GitOperationFailed'],
    ['writeback', new ConflictError('push rejected', { reason: 'PushRejected' }), 'to_jira', 'WritebackFailed'],
    ['from-jira', new ValidationError('remote branch gone', { reason: 'RemoteBranchNotFound' }), 'from_jira', 'GitOperationFailed'],
  ] as const) {
    it(`a ${step} failure: direction ${direction}, reason ${reason}, once per failed pass`, async () => {
      const f = fixture();
      f.source.put(tractRepo());
      f.pass.next = () => Promise.reject(new StepFailure(step, error));
      await reconcileTractRepo(KEY, f.deps);
      await reconcileTractRepo(KEY, f.deps);
      expect(await errorSeries(f)).to.deep.equal([`tract_sync_errors_total{repo="${KEY}",direction="${direction}",reason="${reason}"} 2`]);
    });
  }

  it('a good pass counts no error', async () => {
    const f = fixture();
    f.source.put(tractRepo());
    await reconcileTractRepo(KEY, f.deps);
    expect(await errorSeries(f)).to.deep.equal([]);
  });
});
