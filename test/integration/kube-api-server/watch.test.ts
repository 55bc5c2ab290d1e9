import { makeInformer, Watch, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { expect } from 'chai';
import { eventually, startHarness, TR, tractRepo, type Harness } from './fixtures.ts';

const ns = { ...TR, namespace: 'default' };
const PATH = '/apis/tract.dev/v1alpha1/namespaces/default/tractrepos';

interface Seen {
  type: string;
  name: string | undefined;
  code?: number;
  resourceVersion?: string;
}

/** Starts a raw watch and collects what it delivers. */
async function watch(h: Harness, query: Record<string, string | boolean | number>) {
  const seen: Seen[] = [];
  let ended: unknown = 'open';
  const controller = await new Watch(h.kc).watch(
    PATH,
    query,
    (type, object: { metadata?: { name?: string; resourceVersion?: string }; code?: number }) => {
      seen.push({ type, name: object.metadata?.name, ...(object.code === undefined ? {} : { code: object.code }), ...(object.metadata?.resourceVersion === undefined ? {} : { resourceVersion: object.metadata.resourceVersion }) });
    },
    (err) => (ended = err),
  );
  return { seen, ended: () => ended, stop: () => controller.abort() };
}

describe('kube-api-server: watch', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.api.close();
  });

  const create = (name: string, labels: Record<string, string> = {}) => h.custom.createNamespacedCustomObject({ ...ns, body: tractRepo(name, {}, { labels }) });
  const label = (name: string, labels: Record<string, string | null>) =>
    h.custom.patchNamespacedCustomObject({ ...ns, name, body: [{ op: 'add', path: '/metadata/labels', value: labels }] });

  it('streams ADDED for existing objects, then changes, filtered by label selector (objects entering and leaving it too)', async () => {
    await create('a', { shard: '1' });
    await create('b', { shard: '2' });
    const w = await watch(h, { labelSelector: 'shard=1' });
    await eventually(() => w.seen.length === 1);
    await create('c', { shard: '1' });
    await label('b', { shard: '1' });
    await label('a', { shard: '2' });
    await h.custom.deleteNamespacedCustomObject({ ...ns, name: 'c' });
    await create('d', { shard: '3' });
    await eventually(() => w.seen.length === 5);
    expect(w.seen.map((s) => `${s.type} ${s.name}`)).to.deep.equal(['ADDED a', 'ADDED c', 'ADDED b', 'DELETED a', 'DELETED c']);
    w.stop();
  });

  it('resumes from a resourceVersion with exactly the changes after it', async () => {
    await create('a');
    const rv = h.api.resourceVersion;
    await create('b');
    await h.custom.patchNamespacedCustomObject({ ...ns, name: 'a', body: [{ op: 'replace', path: '/spec/suspend', value: true }] });
    const w = await watch(h, { resourceVersion: rv });
    await eventually(() => w.seen.length === 2);
    expect(w.seen.map((s) => `${s.type} ${s.name}`)).to.deep.equal(['ADDED b', 'MODIFIED a']);
    expect(h.api.openWatches).to.equal(1);
    w.stop();
    await eventually(() => h.api.openWatches === 0);
  });

  it('answers a too old resourceVersion with an in-stream ERROR 410 by default', async () => {
    await create('a');
    const rv = h.api.resourceVersion;
    h.api.compactHistory();
    const w = await watch(h, { resourceVersion: rv });
    await eventually(() => w.ended() !== 'open');
    expect(w.seen).to.deep.equal([{ type: 'ERROR', name: undefined, code: 410 }]);
    expect(w.ended()).to.equal(null);
  });

  it('answers a too old resourceVersion with HTTP 410 in http mode', async () => {
    h.api.setGoneMode('http');
    await create('a');
    const rv = h.api.resourceVersion;
    h.api.compactHistory();
    const w = await watch(h, { resourceVersion: rv });
    await eventually(() => w.ended() !== 'open');
    expect((w.ended() as { statusCode: number }).statusCode).to.equal(410);
  });

  it('ends the stream after timeoutSeconds', async () => {
    const w = await watch(h, { timeoutSeconds: 1 });
    await eventually(() => w.ended() !== 'open', 3000);
    expect(w.ended()).to.equal(null);
  });

  it('sends bookmarks only to watches that allow them', async () => {
    await create('a');
    const withBookmarks = await watch(h, { allowWatchBookmarks: true });
    const without = await watch(h, {});
    await eventually(() => withBookmarks.seen.length === 1 && without.seen.length === 1);
    h.api.sendBookmarks();
    await create('b');
    await eventually(() => withBookmarks.seen.length === 3 && without.seen.length === 2);
    expect(withBookmarks.seen[1]).to.deep.equal({ type: 'BOOKMARK', name: undefined, resourceVersion: String(Number(h.api.resourceVersion) - 1) });
    expect(without.seen.map((s) => s.type)).to.deep.equal(['ADDED', 'ADDED']);
    withBookmarks.stop();
    without.stop();
  });
});

describe('kube-api-server: client-node informer', () => {
  for (const goneMode of ['event', 'http'] as const) {
    it(`relists after 410 Gone (${goneMode}) and reports objects deleted meanwhile`, async () => {
      const h = await startHarness({ goneMode });
      try {
        await h.custom.createNamespacedCustomObject({ ...ns, body: tractRepo('keep') });
        await h.custom.createNamespacedCustomObject({ ...ns, body: tractRepo('vanish') });
        let lists = 0;
        const informer = makeInformer(h.kc, PATH, async () => {
          lists += 1;
          return (await h.custom.listNamespacedCustomObject(ns)) as KubernetesListObject<KubernetesObject>;
        });
        const deleted: string[] = [];
        informer.on('delete', (o) => deleted.push(o.metadata!.name!));
        await informer.start();
        await eventually(() => informer.list('default').length === 2 && h.api.openWatches === 1);
        h.api.breakWatches();
        h.api.store.remove('tractrepos.tract.dev', 'default', 'vanish');
        h.api.compactHistory();
        await eventually(() => deleted.length === 1 && h.api.openWatches === 1);
        expect(deleted).to.deep.equal(['vanish']);
        expect(lists).to.equal(2);
        expect(informer.list('default').map((o) => o.metadata!.name)).to.deep.equal(['keep']);
        const watches = h.api.requestLog.filter((r) => r.verb === 'watch');
        expect(watches.length).to.be.greaterThanOrEqual(3);
        await informer.stop();
      } finally {
        await h.api.close();
      }
    });
  }

  it('resumes from its resourceVersion after a broken watch, without relisting', async () => {
    const h = await startHarness();
    try {
      let lists = 0;
      const informer = makeInformer(h.kc, PATH, async () => {
        lists += 1;
        return (await h.custom.listNamespacedCustomObject(ns)) as KubernetesListObject<KubernetesObject>;
      });
      const added: string[] = [];
      informer.on('add', (o) => added.push(o.metadata!.name!));
      await informer.start();
      await eventually(() => h.api.openWatches === 1);
      expect(h.api.breakWatches()).to.equal(1);
      await h.custom.createNamespacedCustomObject({ ...ns, body: tractRepo('during-break') });
      await eventually(() => added.includes('during-break'));
      expect(lists).to.equal(1);
      const resumed = h.api.requestLog.filter((r) => r.verb === 'watch').at(-1)!;
      expect(Number(resumed.query.resourceVersion)).to.be.lessThan(Number(h.api.resourceVersion));
      await informer.stop();
    } finally {
      await h.api.close();
    }
  });

  it('watches only its label selector when list and watch both use it', async () => {
    const h = await startHarness();
    try {
      const informer = makeInformer(
        h.kc,
        PATH,
        async () => (await h.custom.listNamespacedCustomObject({ ...ns, labelSelector: 'shard=a' })) as KubernetesListObject<KubernetesObject>,
        'shard=a',
      );
      const added: string[] = [];
      informer.on('add', (o) => added.push(o.metadata!.name!));
      await informer.start();
      await eventually(() => h.api.openWatches === 1);
      await h.custom.createNamespacedCustomObject({ ...ns, body: tractRepo('other', {}, { labels: { shard: 'b' } }) });
      await h.custom.createNamespacedCustomObject({ ...ns, body: tractRepo('mine', {}, { labels: { shard: 'a' } }) });
      await eventually(() => added.length === 1);
      expect(added).to.deep.equal(['mine']);
      expect(h.api.requestLog.filter((r) => r.verb === 'watch').at(-1)!.query.labelSelector).to.equal('shard=a');
      await informer.stop();
    } finally {
      await h.api.close();
    }
  });
});
