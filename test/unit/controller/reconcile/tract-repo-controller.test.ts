import { expect } from 'chai';
import { TractRepoController } from '../../../../controller/reconcile/tract-repo-controller.ts';
import type { FromJiraResult } from '../../../../controller/from-jira/sync-jira-to-repo.ts';
import { FakeTimers, settle } from '../../../support/fake-timers.ts';
import { fixture, tractRepo } from './reconcile-fakes.ts';
import type { Fixture } from './reconcile-fakes.ts';

function start(f: Fixture, timers = new FakeTimers()): TractRepoController {
  return new TractRepoController(f.deps, { concurrency: 2, jitterPercent: 0, backoff: { minMs: 750, maxMs: 900_000 }, timers });
}

describe('TractRepoController', () => {
  it('reconciles every repo of the initial set once it starts, and is ready then', async () => {
    const f = fixture();
    f.source.put(tractRepo('a'));
    f.source.put(tractRepo('b'));
    const controller = start(f);
    expect(controller.ready).to.equal(false);
    await controller.start();
    await settle();
    expect(controller.ready).to.equal(true);
    expect(f.pass.runs.sort()).to.deep.equal(['a', 'b']);
  });

  it('queues a change only when generation, requested-at or deletion changed, never for status writes', async () => {
    const f = fixture();
    f.source.put(tractRepo('a', {}, 1));
    const controller = start(f);
    await controller.start();
    await settle();
    const statusOnly = tractRepo('a', {}, 1);
    statusOnly.status = { observedGeneration: 1 };
    f.source.put(statusOnly);
    f.source.onEvent!({ type: 'upsert', key: 'default/a' });
    await settle();
    expect(f.pass.runs).to.deep.equal(['a']);
    f.source.put(tractRepo('a', {}, 2));
    f.source.onEvent!({ type: 'upsert', key: 'default/a' });
    await settle();
    const requested = tractRepo('a', {}, 2);
    requested.metadata.annotations = { 'tract.dev/requested-at': 'now' };
    f.source.put(requested);
    f.source.onEvent!({ type: 'upsert', key: 'default/a' });
    await settle();
    expect(f.pass.runs).to.deep.equal(['a', 'a', 'a']);
  });

  it('requeues a good repo after its interval (timers)', async () => {
    const f = fixture();
    const timers = new FakeTimers();
    f.source.put(tractRepo('a'));
    const controller = start(f, timers);
    await controller.start();
    await settle();
    await timers.advance(59_999);
    expect(f.pass.runs).to.have.length(1);
    await timers.advance(1);
    expect(f.pass.runs).to.have.length(2);
  });

  it('answers sync requests: accepted (and runs), suspended, not found', async () => {
    const f = fixture();
    f.source.put(tractRepo('a'));
    f.source.put(tractRepo('s', { suspend: true }));
    const controller = start(f);
    await controller.start();
    await settle();
    expect(controller.requestSync('default/a', 'api')).to.equal('accepted');
    expect(controller.requestSync('default/s', 'api')).to.equal('suspended');
    expect(controller.requestSync('team-x/none', 'api')).to.equal('not-found');
    await settle();
    expect(f.pass.runs.filter((r) => r === 'a')).to.have.length(2);
  });

  it('a Jira burst posted in the mailbox is answered by the repo’s next pass once the key is queued', async () => {
    const f = fixture();
    f.source.put(tractRepo('a'));
    const result: FromJiraResult = { tip: 'abc', applied: [], skipped: [], problems: [] };
    f.pass.next = async (repo) => {
      for (const letter of f.deps.mailbox.take(`default/${repo.metadata.name}`)) letter.resolve(result);
      return (await import('./reconcile-fakes.ts')).okSummary();
    };
    const controller = start(f);
    await controller.start();
    await settle();
    const answer = f.deps.mailbox.post('default/a', []);
    controller.queue.add('default/a');
    expect(await answer).to.equal(result);
    expect(f.pass.runs).to.have.length(2);
  });

  it('a repo that is gone fails the bursts waiting for it, so the coalescer drops them instead of waiting forever', async () => {
    const f = fixture();
    const controller = start(f);
    await controller.start();
    const answer = f.deps.mailbox.post('default/gone', []).then(() => 'resolved', (err: Error) => err.message);
    controller.queue.add('default/gone');
    expect(await answer).to.equal('TractRepo default/gone is gone');
  });

  it('on stop takes no more work, and fails waiting Jira batches so they stay journaled', async () => {
    const f = fixture();
    f.source.put(tractRepo('a'));
    const controller = start(f);
    await controller.start();
    await settle();
    let release: () => void = () => undefined;
    f.pass.next = () => new Promise((resolve) => { release = () => resolve((async () => (await import('./reconcile-fakes.ts')).okSummary())()); });
    controller.requestSync('default/a', 'api');
    await settle();
    const waiting = f.deps.mailbox.post('default/a', []).then(() => 'resolved', (err: Error) => err.message);
    controller.queue.add('default/a');
    const stopped = controller.stop(10_000);
    expect(controller.ready).to.equal(false);
    release();
    expect(await stopped).to.equal(true);
    expect(await waiting).to.equal('The controller is shutting down: the events stay journaled');
    expect(await f.deps.mailbox.post('default/a', []).catch((err: Error) => err.message)).to.match(/shutting down/);
    expect(f.deps.mailbox.waiting()).to.equal(0);
    expect(controller.requestSync('default/a', 'api')).to.equal('accepted');
    await settle();
    expect(f.pass.runs).to.have.length(2);
  });

  it('a changed Secret the repo reads runs a pass at once, before its requeue is due, retrying every failed record', async () => {
    const f = fixture();
    const timers = new FakeTimers();
    f.source.put(tractRepo('a'));
    f.source.put(tractRepo('s', { suspend: true }));
    const seen: { trigger: string; contextChanged: boolean }[] = [];
    f.pass.next = async (_repo, context) => {
      seen.push({ trigger: context.trigger, contextChanged: context.runtime.contextChanged });
      return (await import('./reconcile-fakes.ts')).okSummary();
    };
    const controller = start(f, timers);
    await controller.start();
    await settle();
    expect(f.pass.runs).to.deep.equal(['a']);
    f.source.onEvent!({ type: 'secret', key: 'default/a' });
    f.source.onEvent!({ type: 'secret', key: 'default/s' });
    f.source.onEvent!({ type: 'secret', key: 'default/gone' });
    await settle();
    expect(f.pass.runs, 'at once: no timer advanced; suspended and unknown repos are left alone').to.deep.equal(['a', 'a']);
    expect(seen.at(-1)).to.deep.equal({ trigger: 'change', contextChanged: true });
  });
});
