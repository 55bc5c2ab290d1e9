import { PatchStrategy, setHeaderOptions, type KubernetesObject, type V1Lease } from '@kubernetes/client-node';
import { expect } from 'chai';
import { expectStatus, startHarness, TR, tractRepo, type Harness, type RepoObject } from './fixtures.ts';

const ns = { ...TR, namespace: 'default' };
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

describe('kube-api-server: deletion, built-in kinds, discovery and test controls', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.api.close();
  });

  it('keeps an object with finalizers until the last one is removed', async () => {
    await h.custom.createNamespacedCustomObject({ ...ns, body: tractRepo('app', {}, { finalizers: ['finalizers.tract.dev'] }) });
    const marked = (await h.custom.deleteNamespacedCustomObject({ ...ns, name: 'app' })) as RepoObject;
    expect(marked.metadata.deletionTimestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const still = (await h.custom.getNamespacedCustomObject({ ...ns, name: 'app' })) as RepoObject;
    expect(still.metadata.finalizers).to.deep.equal(['finalizers.tract.dev']);
    const refused = await expectStatus(
      h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: { metadata: { finalizers: ['finalizers.tract.dev', 'other'] } } }, merge),
      422,
    );
    expect(refused.message).to.contain('no new finalizers can be added if the object is being deleted');
    await h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
    await expectStatus(h.custom.getNamespacedCustomObject({ ...ns, name: 'app' }), 404);
  });

  it('deletes an object without finalizers at once and checks delete preconditions', async () => {
    const created = (await h.custom.createNamespacedCustomObject({ ...ns, body: tractRepo('app') })) as RepoObject;
    await expectStatus(h.custom.deleteNamespacedCustomObject({ ...ns, name: 'app', body: { preconditions: { resourceVersion: '1' } } }), 409);
    const deleted = (await h.custom.deleteNamespacedCustomObject({ ...ns, name: 'app', body: { preconditions: { uid: created.metadata.uid } } })) as RepoObject;
    expect(deleted.metadata.name).to.equal('app');
    await expectStatus(h.custom.getNamespacedCustomObject({ ...ns, name: 'app' }), 404);
  });

  it('serves Secrets, folding stringData into base64 data, with strategic merge patch allowed', async () => {
    await h.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'jira-credentials' }, stringData: { email: 'bot@example.com', apiToken: 't0k' } } });
    const secret = await h.core.readNamespacedSecret({ namespace: 'default', name: 'jira-credentials' });
    expect(secret.type).to.equal('Opaque');
    expect(Buffer.from(secret.data!.apiToken!, 'base64').toString()).to.equal('t0k');
    const patched = await h.core.patchNamespacedSecret(
      { namespace: 'default', name: 'jira-credentials', body: { metadata: { labels: { a: 'b' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.metadata!.labels).to.deep.equal({ a: 'b' });
    const status = await h.core.deleteNamespacedSecret({ namespace: 'default', name: 'jira-credentials' });
    expect(status.status).to.equal('Success');
    await expectStatus(h.core.readNamespacedSecret({ namespace: 'default', name: 'jira-credentials' }), 404);
  });

  it('serves Leases with optimistic concurrency, as leader election needs', async () => {
    const lease: V1Lease = { metadata: { name: 'tract-controller-leader' }, spec: { holderIdentity: 'pod-a', leaseDurationSeconds: 15 } };
    const created = await h.coordination.createNamespacedLease({ namespace: 'default', body: lease });
    await h.coordination.replaceNamespacedLease({
      namespace: 'default',
      name: lease.metadata!.name!,
      body: { ...created, spec: { ...created.spec, holderIdentity: 'pod-b' } },
    });
    const lost = await expectStatus(
      h.coordination.replaceNamespacedLease({ namespace: 'default', name: lease.metadata!.name!, body: { ...created, spec: { ...created.spec, holderIdentity: 'pod-c' } } }),
      409,
    );
    expect(lost.reason).to.equal('Conflict');
    expect((await h.coordination.readNamespacedLease({ namespace: 'default', name: 'tract-controller-leader' })).spec!.holderIdentity).to.equal('pod-b');
  });

  it('records Events through core/v1 and events.k8s.io/v1', async () => {
    const involved = { apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', name: 'app', namespace: 'default' };
    await h.core.createNamespacedEvent({
      namespace: 'default',
      body: { metadata: { generateName: 'app.' }, involvedObject: involved, reason: 'SyncSucceeded', message: 'synced 3 worklogs', type: 'Normal' },
    });
    await h.events.createNamespacedEvent({
      namespace: 'default',
      body: { metadata: { name: 'app.2' }, eventTime: new Date(), reportingController: 'tract.dev/controller', reportingInstance: 'pod-a', action: 'Sync', regarding: involved, reason: 'SyncFailed', type: 'Warning' },
    });
    const core = await h.core.listNamespacedEvent({ namespace: 'default' });
    expect(core.items.map((e) => e.reason)).to.deep.equal(['SyncSucceeded']);
    const modern = await h.events.listNamespacedEvent({ namespace: 'default' });
    expect(modern.items.map((e) => e.reason)).to.deep.equal(['SyncFailed']);
  });

  it('lists and creates Namespaces', async () => {
    await h.core.createNamespace({ body: { metadata: { name: 'team-a' } } });
    const list = await h.core.listNamespace();
    expect(list.items.map((n) => n.metadata!.name)).to.include.members(['default', 'team-a']);
    expect((await h.core.readNamespace({ name: 'team-a' })).status!.phase).to.equal('Active');
  });

  it('answers discovery, so KubernetesObjectApi works by kind', async () => {
    const created = await h.objects.create(tractRepo('app') as KubernetesObject);
    expect(created.metadata!.name).to.equal('app');
    const read = (await h.objects.read({ apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', metadata: { name: 'app', namespace: 'default' } })) as unknown as RepoObject;
    expect(read.spec.git.branch).to.equal('main');
  });

  it('fails the next matching request as told, with Retry-After', async () => {
    h.api.failNext({ verb: 'get', resource: 'tractrepos.tract.dev' }, { code: 503, retryAfterSeconds: 2 });
    await h.custom.createNamespacedCustomObject({ ...ns, body: tractRepo('app') });
    const status = await expectStatus(h.custom.getNamespacedCustomObject({ ...ns, name: 'app' }), 503);
    expect(status.reason).to.equal('ServiceUnavailable');
    expect(status.details!.retryAfterSeconds).to.equal(2);
    expect(((await h.custom.getNamespacedCustomObject({ ...ns, name: 'app' })) as RepoObject).metadata.name).to.equal('app');
    expect(h.api.requestLog.filter((r) => r.verb === 'get').map((r) => r.code)).to.deep.equal([503, 200]);
  });

  it('gives raw store access that watchers see', async () => {
    const put = h.api.store.put('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: {} });
    expect(put.metadata.resourceVersion).to.equal(h.api.resourceVersion);
    expect((await h.core.readNamespacedSecret({ namespace: 'default', name: 's' })).metadata!.uid).to.equal(put.metadata.uid);
    expect(h.api.store.remove('secrets', 'default', 's')).to.equal(true);
    expect(h.api.store.get('secrets', 'default', 's')).to.equal(undefined);
  });
});

describe('kube-api-server: bearer token', () => {
  it('answers 401 without the configured token and serves with it', async () => {
    const h = await startHarness({ token: 'sekret' });
    try {
      await h.core.listNamespace();
      const res = await fetch(`${h.api.url}/api/v1/namespaces`);
      expect(res.status).to.equal(401);
      expect(((await res.json()) as { reason: string }).reason).to.equal('Unauthorized');
    } finally {
      await h.api.close();
    }
  });
});
