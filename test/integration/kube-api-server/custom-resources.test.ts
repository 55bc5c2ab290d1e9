import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { expect } from 'chai';
import { expectStatus, startHarness, TR, tractRepo, type Harness, type RepoObject } from './fixtures.ts';

const ns = { ...TR, namespace: 'default' };
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

describe('kube-api-server: TractRepo objects through client-node', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.api.close();
  });

  const create = (body: Record<string, unknown>): Promise<RepoObject> => h.custom.createNamespacedCustomObject({ ...ns, body }) as Promise<RepoObject>;
  const get = (name: string): Promise<RepoObject> => h.custom.getNamespacedCustomObject({ ...ns, name }) as Promise<RepoObject>;

  it('applies the CRD defaults (nested too), prunes unknown fields and starts at generation 1', async () => {
    const created = await create(tractRepo('app', { sync: { batchSize: 20 }, unknownField: true, authors: [{ name: 'ann', accountId: 'a1', tokenSecretRef: { name: 'ann-token' } }] }));
    expect(created.metadata.generation).to.equal(1);
    expect(created.metadata.uid).to.match(/^[0-9a-f-]{36}$/);
    expect(created.spec.git).to.deep.include({ branch: 'main', path: 'worklogs', commitAuthor: { name: 'tract-sync', email: 'tract-sync@localhost' } });
    expect(created.spec.sync).to.deep.equal({ batchSize: 20, direction: 'Bidirectional', batchInterval: '100ms', dryRun: false, duplicates: 'Discard' });
    expect(created.spec.authors[0].tokenSecretRef).to.deep.equal({ name: 'ann-token', key: 'token' });
    expect(created.spec).to.not.have.property('unknownField');
    expect(created.status).to.deep.equal({ observedGeneration: -1 });
    expect((await get('app')).spec).to.deep.equal(created.spec);
  });

  it('answers 422 Invalid with one cause per schema problem, by field path', async () => {
    const status = await expectStatus(create(tractRepo('bad', { sync: { batchSize: 101, direction: 'Sideways' }, interval: 'soon' })), 422);
    expect(status.reason).to.equal('Invalid');
    const fields = status.details!.causes!.map((c) => `${c.field} ${c.reason}`);
    expect(fields).to.have.members([
      'spec.sync.batchSize FieldValueInvalid',
      'spec.sync.direction FieldValueNotSupported',
      'spec.interval FieldValueInvalid',
    ]);
    expect(status.message).to.contain('TractRepo.tract.dev "bad" is invalid');
    expect(status.message).to.contain('spec.sync.batchSize: Invalid value: 101: spec.sync.batchSize in body should be less than or equal to 100');
  });

  it('reports missing required fields and wrong types', async () => {
    const body = tractRepo('bad');
    (body.spec as Record<string, unknown>).jira = { url: 'https://example.atlassian.net' };
    (body.spec as Record<string, unknown>).suspend = 'yes';
    const status = await expectStatus(create(body), 422);
    expect(status.details!.causes).to.deep.include({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.jira.secretRef' });
    expect(status.details!.causes!.map((c) => c.field)).to.include('spec.suspend');
  });

  it('evaluates the CEL rules of the CRD', async () => {
    const status = await expectStatus(
      create(tractRepo('bad', { git: { url: 'ssh://git.example.com/app.git', path: 'logs/../../etc' }, interval: '500ms', authors: [{ name: 'ann' }] })),
      422,
    );
    const byField = Object.fromEntries(status.details!.causes!.map((c) => [c.field, c]));
    expect(byField['spec.git.secretRef']!.message).to.contain('git.secretRef is required for ssh:// URLs');
    expect(byField['spec.git.path']!.message).to.contain("no '..' segments");
    expect(byField['spec.interval']!.message).to.contain('interval must be at least 1s');
    expect(byField['spec.authors[0]']!.message).to.contain('an author needs accountId');
  });

  it('rejects duplicate author names (listType map)', async () => {
    const status = await expectStatus(create(tractRepo('bad', { authors: [{ name: 'ann', email: 'a@x' }, { name: 'ann', email: 'b@x' }] })), 422);
    expect(status.details!.causes).to.deep.include.members([{ reason: 'FieldValueDuplicate', message: 'Duplicate value: map[string]interface {}{"name":"ann"}', field: 'spec.authors[1]' }]);
  });

  it('accepts hoursPerDay as an integer or a decimal string and checks its range', async () => {
    await create(tractRepo('eight', { jira: { url: 'https://a.atlassian.net', secretRef: { name: 's' }, hoursPerDay: 8 } }));
    await create(tractRepo('seven-half', { jira: { url: 'https://a.atlassian.net', secretRef: { name: 's' }, hoursPerDay: '7.5' } }));
    const status = await expectStatus(create(tractRepo('bad', { jira: { url: 'https://a.atlassian.net', secretRef: { name: 's' }, hoursPerDay: '25' } })), 422);
    expect(status.details!.causes!.map((c) => c.field)).to.deep.equal(['spec.jira.hoursPerDay']);
  });

  it('enforces the transition rule that jira.url is immutable', async () => {
    const created = await create(tractRepo('app'));
    created.spec.jira.url = 'https://other.atlassian.net';
    const status = await expectStatus(h.custom.replaceNamespacedCustomObject({ ...ns, name: 'app', body: created }), 422);
    expect(status.details!.causes).to.deep.equal([
      { reason: 'FieldValueInvalid', message: 'Invalid value: "string": jira.url is immutable; create a new TractRepo to sync with another Jira site', field: 'spec.jira.url' },
    ]);
  });

  it('bumps generation on spec changes only, not on metadata or status writes', async () => {
    const created = await create(tractRepo('app'));
    const labelled = (await h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: { metadata: { labels: { team: 'a' } } } }, merge)) as RepoObject;
    expect(labelled.metadata.generation).to.equal(1);
    expect(Number(labelled.metadata.resourceVersion)).to.be.greaterThan(Number(created.metadata.resourceVersion));
    const withStatus = (await h.custom.patchNamespacedCustomObjectStatus({ ...ns, name: 'app', body: { status: { observedGeneration: 1, pending: 3 } } }, merge)) as RepoObject;
    expect(withStatus.metadata.generation).to.equal(1);
    expect(withStatus.status).to.deep.equal({ observedGeneration: 1, pending: 3 });
    const suspended = (await h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: { spec: { suspend: true } } }, merge)) as RepoObject;
    expect(suspended.metadata.generation).to.equal(2);
    expect(suspended.status).to.deep.equal({ observedGeneration: 1, pending: 3 });
  });

  it('ignores status in main-resource writes and everything but status in /status writes', async () => {
    const created = await create(tractRepo('app'));
    const viaMain = (await h.custom.replaceNamespacedCustomObject({ ...ns, name: 'app', body: { ...created, status: { pending: 9 } } })) as RepoObject;
    expect(viaMain.status).to.deep.equal({ observedGeneration: -1 });
    const viaStatus = (await h.custom.replaceNamespacedCustomObjectStatus({
      ...ns,
      name: 'app',
      body: { ...viaMain, spec: { ...viaMain.spec, suspend: true }, metadata: { ...viaMain.metadata, labels: { x: 'y' } }, status: { pending: 2 } },
    })) as RepoObject;
    expect(viaStatus.spec.suspend).to.equal(false);
    expect(viaStatus.metadata.labels).to.equal(undefined);
    expect(viaStatus.status).to.deep.equal({ pending: 2, observedGeneration: -1 });
  });

  it('validates status writes against the schema', async () => {
    await create(tractRepo('app'));
    const status = await expectStatus(
      h.custom.patchNamespacedCustomObjectStatus({ ...ns, name: 'app', body: { status: { conditions: [{ type: 'Ready', status: 'Maybe' }] } } }, merge),
      422,
    );
    expect(status.details!.causes!.map((c) => c.field)).to.include.members(['status.conditions[0].status', 'status.conditions[0].reason']);
  });

  it('answers 409 Conflict to an update with a stale resourceVersion', async () => {
    const created = await create(tractRepo('app'));
    await h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: { spec: { suspend: true } } }, merge);
    const status = await expectStatus(h.custom.replaceNamespacedCustomObject({ ...ns, name: 'app', body: created }), 409);
    expect(status.reason).to.equal('Conflict');
    expect(status.message).to.equal(
      'Operation cannot be fulfilled on tractrepos.tract.dev "app": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('requires a resourceVersion on updates of custom resources', async () => {
    const created = await create(tractRepo('app'));
    const { resourceVersion: _rv, ...meta } = created.metadata;
    const status = await expectStatus(h.custom.replaceNamespacedCustomObject({ ...ns, name: 'app', body: { ...created, metadata: meta } }), 422);
    expect(status.details!.causes![0]!.field).to.equal('metadata.resourceVersion');
  });

  it('uses JSON patch by default, as client-node does, with test operations as preconditions', async () => {
    await create(tractRepo('app'));
    const patched = (await h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: [{ op: 'replace', path: '/spec/sync/batchSize', value: 50 }] })) as RepoObject;
    expect(patched.spec.sync.batchSize).to.equal(50);
    expect(h.api.requestLog.at(-1)!.contentType).to.equal('application/json-patch+json');
    const failed = await expectStatus(
      h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: [{ op: 'test', path: '/spec/suspend', value: true }, { op: 'replace', path: '/spec/suspend', value: false }] }),
      422,
    );
    expect(failed.message).to.contain('test failed');
  });

  it('merge patch deletes with null, replaces lists whole, and honours a resourceVersion precondition', async () => {
    const created = await create(tractRepo('app', { authors: [{ name: 'ann', email: 'a@x' }, { name: 'bob', email: 'b@x' }], webhook: { secretRef: { name: 'hooks' } } }));
    const patched = (await h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: { spec: { webhook: null, authors: [{ name: 'cid', email: 'c@x' }] } } }, merge)) as RepoObject;
    expect(patched.spec).to.not.have.property('webhook');
    expect(patched.spec.authors).to.deep.equal([{ name: 'cid', email: 'c@x' }]);
    const stale = { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { suspend: true } };
    await expectStatus(h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: stale }, merge), 409);
  });

  it('refuses strategic merge patch on custom resources with 415, like the real server', async () => {
    await create(tractRepo('app'));
    const status = await expectStatus(
      h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: { spec: { suspend: true } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)),
      415,
    );
    expect(status.reason).to.equal('UnsupportedMediaType');
  });

  it('makes no change (and keeps the resourceVersion) for a no-op patch', async () => {
    const created = await create(tractRepo('app'));
    const same = (await h.custom.patchNamespacedCustomObject({ ...ns, name: 'app', body: { spec: { suspend: false } } }, merge)) as RepoObject;
    expect(same.metadata.resourceVersion).to.equal(created.metadata.resourceVersion);
  });

  it('answers 409 AlreadyExists, 404 NotFound and names objects from generateName', async () => {
    await create(tractRepo('app'));
    expect((await expectStatus(create(tractRepo('app')), 409)).reason).to.equal('AlreadyExists');
    expect((await expectStatus(get('missing'), 404)).message).to.equal('tractrepos.tract.dev "missing" not found');
    const generated = await create(tractRepo('', {}, { generateName: 'app-' }));
    expect(generated.metadata.name).to.match(/^app-[a-z0-9]{5}$/);
    await expectStatus(h.custom.createNamespacedCustomObject({ ...TR, namespace: 'nowhere', body: tractRepo('x') }), 404);
  });

  it('lists across namespaces and by label selector', async () => {
    await h.core.createNamespace({ body: { metadata: { name: 'team-b' } } });
    await create(tractRepo('a', {}, { labels: { shard: '1', tier: 'gold' } }));
    await create(tractRepo('b', {}, { labels: { shard: '2' } }));
    await h.custom.createNamespacedCustomObject({ ...TR, namespace: 'team-b', body: tractRepo('c', {}, { labels: { shard: '1' } }) });
    const names = async (labelSelector?: string, namespace?: string): Promise<string[]> => {
      const list = (namespace === undefined
        ? await h.custom.listClusterCustomObject({ ...TR, ...(labelSelector === undefined ? {} : { labelSelector }) })
        : await h.custom.listNamespacedCustomObject({ ...TR, namespace, ...(labelSelector === undefined ? {} : { labelSelector }) })) as { items: RepoObject[] };
      return list.items.map((i) => i.metadata.name);
    };
    expect(await names()).to.deep.equal(['a', 'b', 'c']);
    expect(await names(undefined, 'default')).to.deep.equal(['a', 'b']);
    expect(await names('shard=1')).to.deep.equal(['a', 'c']);
    expect(await names('shard!=1')).to.deep.equal(['b']);
    expect(await names('shard in (2,3)')).to.deep.equal(['b']);
    expect(await names('shard notin (2),tier')).to.deep.equal(['a']);
    expect(await names('!tier')).to.deep.equal(['b', 'c']);
    const byName = (await h.custom.listNamespacedCustomObject({ ...ns, fieldSelector: 'metadata.name=b' })) as { items: RepoObject[] };
    expect(byName.items.map((i) => i.metadata.name)).to.deep.equal(['b']);
  });
});
