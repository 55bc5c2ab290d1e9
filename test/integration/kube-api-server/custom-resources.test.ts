import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { expect } from 'chai';
import { expectStatus, startHarness, TR, tractRepo, type Harness, type RepoObject } from './fixtures.ts';
import { tractRepoSamples } from './tractrepo-samples.ts';

const ns = { ...TR, namespace: 'default' };
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

describe('kube-api-server: the TractRepo samples shared with the real kube-apiserver', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.api.close();
  });
  tractRepoSamples(() => h.custom);
});

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
