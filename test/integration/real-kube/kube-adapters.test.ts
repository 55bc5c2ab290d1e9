/**
 * The operator's Kubernetes adapters (controller/kube) against the real kube-apiserver, authenticated as
 * the chart's ServiceAccount: the calls the end-to-end scenarios do not always reach — an Event repeated
 * into `count` (events: patch), a finalizer added once and removed during deletion, a Secret decoded, two
 * electors on one Lease with MicroTime renewals. Failure injection stays with the test double
 * (test/integration/operator/); docs/operator.md, "Which server runs what".
 */
import { CoordinationV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { expect } from 'chai';
import type { TractRepo } from '../../../controller/api/tract-repo.ts';
import { kubeClientsFrom } from '../../../controller/kube/kube-clients.ts';
import type { KubeClients } from '../../../controller/kube/kube-clients.ts';
import { KubeEventRecorder } from '../../../controller/kube/kube-event-recorder.ts';
import { KubeFinalizers } from '../../../controller/kube/kube-finalizers.ts';
import { KubeLeaseApi } from '../../../controller/kube/kube-lease-api.ts';
import { KubeSecretReader } from '../../../controller/kube/kube-secret-reader.ts';
import { LeaderElector } from '../../../controller/kube/leader-elector.ts';
import { silentLogger } from '../../../controller/logging/create-logger.ts';
import { RingEventRecorder } from '../../../controller/standalone/ring-event-recorder.ts';
import { systemTimers } from '../../../controller/workqueue/timers.ts';
import { NAMESPACE } from '../deploy/helm.ts';
import { startOperatorCluster } from '../e2e-operator/operator-cluster.ts';
import type { OperatorCluster } from '../e2e-operator/operator-cluster.ts';
import { eventually } from '../e2e-operator/operator-world.ts';
import { TR, tractRepo } from '../kube-api-server/fixtures.ts';

describe('operator adapters on the real kube-apiserver, as the chart’s ServiceAccount', function () {
  this.timeout(120_000);
  let cluster: OperatorCluster;
  let clients: KubeClients;
  let admin: { custom: CustomObjectsApi; core: CoreV1Api; coordination: CoordinationV1Api };
  const create = async (name: string): Promise<TractRepo> => (await admin.custom.createNamespacedCustomObject({ ...TR, namespace: 'default', body: tractRepo(name) })) as TractRepo;
  let requestsBefore = 0;
  /** This test's requests that RBAC refused. */
  const refused = (): unknown[] => cluster.controllerRequests().slice(requestsBefore).filter((r) => r.code === 401 || r.code === 403);

  before(async () => {
    cluster = await startOperatorCluster('real');
    const config = new KubeConfig();
    config.loadFromString(cluster.controllerKubeconfig);
    clients = kubeClientsFrom(config);
    admin = { custom: cluster.admin.makeApiClient(CustomObjectsApi), core: cluster.admin.makeApiClient(CoreV1Api), coordination: cluster.admin.makeApiClient(CoordinationV1Api) };
  });
  beforeEach(() => {
    requestsBefore = cluster.controllerRequests().length;
  });
  after(async () => {
    await cluster?.close();
  });

  it('records core Events on the TractRepo and aggregates repeats into count (create, then patch)', async () => {
    const repo = await create('events');
    const clock = { now: () => new Date() };
    const events = new KubeEventRecorder({ clients, lookup: () => repo, clock, logger: silentLogger(), instance: 'pod-a', recent: new RingEventRecorder({ clock }) });
    for (let i = 0; i < 3; i += 1) events.record('default/events', 'Warning', 'SyncFailed', 'Jira unreachable');
    events.record('default/events', 'Normal', 'SyncSucceeded', 'synced main@1a2b3c4');
    await events.flush();
    const stored = (await admin.core.listNamespacedEvent({ namespace: 'default' })).items.filter((e) => e.involvedObject.name === 'events');
    expect(stored.map((e) => [e.type, e.reason, e.count, e.message]).sort()).to.deep.equal([
      ['Normal', 'SyncSucceeded', 1, 'synced main@1a2b3c4'],
      ['Warning', 'SyncFailed', 3, 'Jira unreachable'],
    ]);
    expect(stored[0]!.involvedObject).to.deep.include({ apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', namespace: 'default', name: 'events', uid: repo.metadata.uid });
    expect(cluster.controllerRequests().slice(requestsBefore).filter((r) => r.resource === 'events').map((r) => r.verb).sort()).to.deep.equal(['create', 'create', 'patch', 'patch']);
    expect(refused()).to.deep.equal([]);
  });

  it('adds the finalizer once; removing it lets a deletion finish', async () => {
    const created = await create('finalized');
    const finalizers = new KubeFinalizers(clients);
    await finalizers.add('default/finalized');
    await finalizers.add('default/finalized');
    const stored = (await admin.custom.getNamespacedCustomObject({ ...TR, namespace: 'default', name: 'finalized' })) as TractRepo;
    expect(stored.metadata.finalizers).to.deep.equal(['finalizers.tract.dev']);
    expect(finalizers.has(created)).to.equal(true);
    await admin.custom.deleteNamespacedCustomObject({ ...TR, namespace: 'default', name: 'finalized' });
    const deleting = (await admin.custom.getNamespacedCustomObject({ ...TR, namespace: 'default', name: 'finalized' })) as TractRepo;
    expect(deleting.metadata.deletionTimestamp).to.be.a('string');
    await finalizers.remove('default/finalized');
    const list = (await admin.custom.listNamespacedCustomObject({ ...TR, namespace: 'default' })) as { items: TractRepo[] };
    expect(list.items.map((r) => r.metadata.name)).to.not.include('finalized');
    expect(refused()).to.deep.equal([]);
  });

  it('reads and base64-decodes a Secret; a missing one is undefined', async () => {
    const reader = new KubeSecretReader(clients);
    expect(await reader.fetchSecret('default', 'jira-real')).to.equal(undefined);
    await admin.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'jira-real' }, stringData: { email: 'bot@example.com', apiToken: 'tök€n' } } });
    expect(await reader.fetchSecret('default', 'jira-real')).to.deep.equal({ email: 'bot@example.com', apiToken: 'tök€n' });
  });

  it('two electors on one Lease in the release namespace: one leads with MicroTime renewals; on release the other takes over', async () => {
    const log: string[] = [];
    const elector = (identity: string): LeaderElector => new LeaderElector({
      identity, leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200,
      api: new KubeLeaseApi(clients, NAMESPACE, 'adapters-leader'),
      timers: systemTimers, clock: { now: () => new Date() }, logger: silentLogger(),
      onStartedLeading: () => log.push(`${identity} started`),
      onStoppedLeading: (reason) => log.push(`${identity} lost: ${reason}`),
    });
    const a = elector('pod-a');
    a.start();
    await eventually(() => (a.leading ? true : undefined), 'pod-a leads');
    const b = elector('pod-b');
    b.start();
    const lease = await admin.coordination.readNamespacedLease({ namespace: NAMESPACE, name: 'adapters-leader' });
    expect(lease.spec).to.include({ holderIdentity: 'pod-a', leaseDurationSeconds: 2, leaseTransitions: 0 });
    await a.release();
    await eventually(() => (b.leading ? true : undefined), 'pod-b leads');
    expect(log).to.deep.equal(['pod-a started', 'pod-b started']);
    await b.release();
    const leases = cluster.controllerRequests().slice(requestsBefore).filter((r) => r.resource === 'leases.coordination.k8s.io');
    expect(new Set(leases.map((r) => r.verb))).to.deep.equal(new Set(['get', 'create', 'update']));
    // Every renewal's MicroTime was accepted: no 400/422 (404 is the first read, 409 a lost race).
    expect(leases.filter((r) => (r.code ?? 0) >= 400 && r.code !== 404 && r.code !== 409)).to.deep.equal([]);
    expect(refused()).to.deep.equal([]);
  });
});
