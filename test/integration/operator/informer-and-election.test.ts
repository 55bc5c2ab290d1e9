import { expect } from 'chai';
import { KubeLeaseApi } from '../../../controller/kube/kube-lease-api.ts';
import { KubeTractRepoSource } from '../../../controller/kube/kube-tract-repo-source.ts';
import { LeaderElector } from '../../../controller/kube/leader-elector.ts';
import type { LeaderElectionTiming } from '../../../controller/kube/leader-elector.ts';
import type { LeaseApi } from '../../../controller/kube/kube-lease-api.ts';
import type { RestartReason } from '../../../controller/kube/restarting-informer.ts';
import { tractRepoStreams } from '../../../controller/kube/tract-repo-streams.ts';
import { silentLogger } from '../../../controller/logging/create-logger.ts';
import type { RepoEvent } from '../../../controller/api/ports.ts';
import { systemTimers } from '../../../controller/workqueue/timers.ts';
import { MERGE_PATCH_OPTIONS, REPOS, TR, startKubeFixture, until } from './kube-fixtures.ts';
import type { KubeFixture } from './kube-fixtures.ts';

describe('operator: TractRepo informer against the Kubernetes API test server', function () {
  this.timeout(30_000);
  let k: KubeFixture;
  let source: KubeTractRepoSource | undefined;

  beforeEach(async () => {
    k = await startKubeFixture({ namespaces: ['default', 'team-a', 'team-b'] });
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    await k.close();
  });

  function makeSource(streams: { namespace?: string; labelSelector?: string }[], restarts: RestartReason[] = []): KubeTractRepoSource {
    source = new KubeTractRepoSource({
      streams: streams.map((s) => ({ ...(s.namespace ? { namespace: s.namespace } : {}), factory: tractRepoStreams(k.clients, s) })),
      timers: systemTimers,
      logger: silentLogger(),
      policy: { backoffMinMs: 50, backoffMaxMs: 200 },
      onRestart: (reason) => restarts.push(reason),
      random: () => 0,
    });
    return source;
  }

  it('applies the shard selector to the list AND the watch, and only delivers that shard', async () => {
    await k.createRepo('mine', 'default', { labels: { shard: 'a' } });
    await k.createRepo('other', 'default', { labels: { shard: 'b' } });
    const events: RepoEvent[] = [];
    const s = makeSource([{ labelSelector: 'shard=a' }]);
    await s.start((e) => events.push(e));
    expect(s.list().map((r) => r.metadata.name)).to.deep.equal(['mine']);
    await until(() => k.api.openWatches === 1, 'watch open');
    await k.createRepo('later-b', 'team-a', { labels: { shard: 'b' } });
    await k.createRepo('later-a', 'team-a', { labels: { shard: 'a' } });
    await until(() => events.length === 1, 'one event');
    expect(events).to.deep.equal([{ type: 'upsert', key: 'team-a/later-a' }]);
    const reads = k.api.requestLog.filter((r) => r.resource === REPOS && (r.verb === 'list' || r.verb === 'watch'));
    expect(reads.map((r) => [r.verb, r.path, r.query.labelSelector])).to.deep.equal([
      ['list', '/apis/tract.dev/v1alpha1/tractrepos', 'shard=a'],
      ['watch', '/apis/tract.dev/v1alpha1/tractrepos', 'shard=a'],
    ]);
  });

  it('watches only the configured namespaces', async () => {
    await k.createRepo('a', 'team-a');
    await k.createRepo('b', 'team-b');
    await k.createRepo('d', 'default');
    const s = makeSource([{ namespace: 'team-a' }, { namespace: 'team-b' }]);
    await s.start(() => undefined);
    expect(s.list().map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort()).to.deep.equal(['team-a/a', 'team-b/b']);
    const paths = k.api.requestLog.filter((r) => r.verb === 'list').map((r) => r.path).sort();
    expect(paths).to.deep.equal(['/apis/tract.dev/v1alpha1/namespaces/team-a/tractrepos', '/apis/tract.dev/v1alpha1/namespaces/team-b/tractrepos']);
  });

  it('does not reconcile on its own status writes; does on spec changes and requested-at', async () => {
    await k.createRepo('app');
    const events: RepoEvent[] = [];
    const s = makeSource([{}]);
    await s.start((e) => events.push(e));
    await until(() => k.api.openWatches === 1, 'watch open');
    const target = { ...TR, namespace: 'default', name: 'app' };
    await k.clients.custom.patchNamespacedCustomObjectStatus({ ...target, body: { status: { observedGeneration: 1 } } }, MERGE_PATCH_OPTIONS);
    await until(() => s.get('default/app')?.status?.observedGeneration === 1, 'status seen');
    expect(events).to.deep.equal([]);
    await k.clients.custom.patchNamespacedCustomObject({ ...target, body: { spec: { suspend: true } } }, MERGE_PATCH_OPTIONS);
    await k.clients.custom.patchNamespacedCustomObject({ ...target, body: { metadata: { annotations: { 'tract.dev/requested-at': 'now' } } } }, MERGE_PATCH_OPTIONS);
    await until(() => events.length === 2, 'two events');
    expect(s.get('default/app')?.metadata.generation).to.equal(2);
  });

  it('restarts with backoff after the list fails, counting the restart, and then syncs', async () => {
    await k.createRepo('app');
    k.api.failNext({ verb: 'list', resource: REPOS }, { code: 500 }, 2);
    const restarts: RestartReason[] = [];
    const s = makeSource([{}], restarts);
    await s.start(() => undefined);
    expect(restarts).to.deep.equal(['error', 'error']);
    expect(s.synced).to.equal(true);
    expect(s.list()).to.have.length(1);
  });

  it('after a 410 Gone relist, objects deleted meanwhile are delivered as deletions', async () => {
    await k.createRepo('keep');
    await k.createRepo('vanish');
    const events: RepoEvent[] = [];
    const s = makeSource([{}]);
    await s.start((e) => events.push(e));
    await until(() => k.api.openWatches === 1, 'watch open');
    k.api.breakWatches();
    k.api.store.remove(REPOS, 'default', 'vanish');
    k.api.compactHistory();
    await until(() => events.length === 1, 'delete event');
    expect(events).to.deep.equal([{ type: 'delete', key: 'default/vanish' }]);
    expect(s.list().map((r) => r.metadata.name)).to.deep.equal(['keep']);
  });
});

describe('operator: leader election on a real Lease', function () {
  this.timeout(30_000);
  let k: KubeFixture;

  beforeEach(async () => {
    k = await startKubeFixture();
  });
  afterEach(async () => {
    await k.close();
  });

  /** A Lease that outlives the test's timeout: only a release (or the test's own failures) ends it. */
  const LONG: LeaderElectionTiming = { leaseDurationMs: 60_000, renewDeadlineMs: 40_000, retryPeriodMs: 200 };

  function elector(identity: string, log: string[], timing = LONG, api: LeaseApi = new KubeLeaseApi(k.clients, 'default', 'tract-controller-leader')): LeaderElector {
    return new LeaderElector({
      identity, ...timing, api,
      timers: systemTimers, clock: { now: () => new Date() }, logger: silentLogger(),
      onStartedLeading: () => log.push(`${identity} started`),
      onStoppedLeading: (reason) => log.push(`${identity} lost: ${reason}`),
    });
  }

  /** The Lease API, counting the reads that start an attempt to acquire or renew. */
  function countingApi(counter: { reads: number }): LeaseApi {
    const api = new KubeLeaseApi(k.clients, 'default', 'tract-controller-leader');
    return {
      fetchLease: () => ((counter.reads += 1), api.fetchLease()),
      createLease: (record) => api.createLease(record),
      replaceLease: (record, resourceVersion) => api.replaceLease(record, resourceVersion),
    };
  }

  it('one of two replicas leads; on release the other takes over long before the Lease expires; times are MicroTime', async () => {
    const log: string[] = [];
    const a = elector('pod-a', log);
    a.start();
    await until(() => a.leading, 'pod-a leads');
    const bAttempts = { reads: 0 };
    const b = elector('pod-b', log, LONG, countingApi(bAttempts));
    b.start();
    // pod-b's second read starts only after its first attempt has decided: it found pod-a's Lease.
    await until(() => bAttempts.reads >= 2, 'pod-b tried to acquire');
    expect(b.leading).to.equal(false);
    const lease = k.api.store.get('leases.coordination.k8s.io', 'default', 'tract-controller-leader') as unknown as { spec: Record<string, unknown> };
    expect(lease.spec).to.include({ holderIdentity: 'pod-a', leaseDurationSeconds: 60, leaseTransitions: 0 });
    expect(lease.spec.renewTime).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await a.release();
    // The test's 30 s timeout is half the Lease's 60 s: pod-b can only lead this soon because pod-a let go.
    await until(() => b.leading, 'pod-b leads', 25_000);
    expect(log).to.deep.equal(['pod-a started', 'pod-b started']);
    await b.release();
  });

  it('a leader whose renewals fail past the renew deadline loses leadership', async () => {
    const log: string[] = [];
    const a = elector('pod-a', log, { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 });
    a.start();
    await until(() => a.leading, 'pod-a leads');
    k.api.failNext({ resource: 'leases.coordination.k8s.io' }, { code: 503 }, 1000);
    await until(() => !a.leading, 'pod-a lost', 25_000);
    expect(log).to.deep.equal(['pod-a started', 'pod-a lost: lease not renewed for 1000 ms']);
  });
});
