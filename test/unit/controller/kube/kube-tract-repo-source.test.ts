import { expect } from 'chai';
import type { TractRepo } from '../../../../controller/api/tract-repo.ts';
import { KubeTractRepoSource } from '../../../../controller/kube/kube-tract-repo-source.ts';
import type { StreamHandlers } from '../../../../controller/kube/restarting-informer.ts';
import { silentLogger } from '../../../../controller/logging/create-logger.ts';
import type { RepoEvent } from '../../../../controller/api/ports.ts';
import { FakeTimers } from '../../../support/fake-timers.ts';

function repo(namespace: string, name: string, metadata: Partial<TractRepo['metadata']> = {}, status: TractRepo['status'] = {}): TractRepo {
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name, namespace, generation: 1, resourceVersion: '1', ...metadata },
    spec: {} as TractRepo['spec'],
    status,
  };
}

interface Stream {
  handlers: StreamHandlers<TractRepo>;
  resolve: () => void;
}

function setup(namespaces: (string | undefined)[]): { source: KubeTractRepoSource; streams: Map<string, Stream[]>; timers: FakeTimers; events: RepoEvent[]; watchEvents: string[] } {
  const timers = new FakeTimers();
  const streams = new Map<string, Stream[]>();
  const watchEvents: string[] = [];
  const source = new KubeTractRepoSource({
    streams: namespaces.map((namespace) => ({
      ...(namespace === undefined ? {} : { namespace }),
      factory: (handlers) => {
        const list = streams.get(namespace ?? '*') ?? [];
        streams.set(namespace ?? '*', list);
        let resolve = (): void => undefined;
        const started = new Promise<void>((r) => (resolve = r));
        list.push({ handlers, resolve });
        return { start: () => started, stop: async () => undefined };
      },
    })),
    timers,
    logger: silentLogger(),
    onWatchEvent: (type) => watchEvents.push(type),
    random: () => 0,
  });
  return { source, streams, timers, events: [], watchEvents };
}

function list(streams: Map<string, Stream[]>, scope: string, items: TractRepo[]): void {
  const stream = streams.get(scope)!.at(-1)!;
  stream.handlers.onList(items);
  stream.resolve();
}

describe('KubeTractRepoSource', () => {
  it('start() resolves once every namespace has listed; the initial set is in list()', async () => {
    const { source, streams, timers, events } = setup(['team-a', 'team-b']);
    let started = false;
    void source.start((e) => events.push(e)).then(() => (started = true));
    await timers.advance(0);
    list(streams, 'team-a', [repo('team-a', 'app')]);
    await timers.advance(0);
    expect(started).to.equal(false);
    expect(source.synced).to.equal(false);
    list(streams, 'team-b', [repo('team-b', 'web')]);
    await timers.advance(0);
    expect(started).to.equal(true);
    expect(source.synced).to.equal(true);
    expect(source.list().map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).to.deep.equal(['team-a/app', 'team-b/web']);
    // The controller queues the initial set itself from list(); nothing was delivered before start.
    expect(events).to.deep.equal([]);
  });

  it('keeps a warm cache before start (standby) without delivering anything', async () => {
    const { source, streams, timers, events } = setup([undefined]);
    source.run();
    await timers.advance(0);
    list(streams, '*', [repo('default', 'app')]);
    streams.get('*')![0]!.handlers.onUpsert(repo('default', 'app', { generation: 2, resourceVersion: '2' }));
    expect(source.get('default/app')?.metadata.generation).to.equal(2);
    await source.start((e) => events.push(e));
    expect(events).to.deep.equal([]);
  });

  it('delivers generation changes, requested-at and deletion; swallows status-only updates but caches them', async () => {
    const { source, streams, timers, events } = setup([undefined]);
    const started = source.start((e) => events.push(e));
    await timers.advance(0);
    list(streams, '*', [repo('default', 'app')]);
    await started;
    const { handlers } = streams.get('*')![0]!;
    handlers.onUpsert(repo('default', 'app', { resourceVersion: '2' }, { observedGeneration: 1 }));
    expect(events).to.deep.equal([]);
    expect(source.get('default/app')?.status?.observedGeneration).to.equal(1);
    handlers.onUpsert(repo('default', 'app', { resourceVersion: '3', generation: 2 }));
    handlers.onUpsert(repo('default', 'app', { resourceVersion: '4', generation: 2, annotations: { 'tract.dev/requested-at': 'x' } }));
    handlers.onUpsert(repo('default', 'app', { resourceVersion: '5', generation: 2, annotations: { 'tract.dev/requested-at': 'x' }, deletionTimestamp: '2026-02-14T00:00:00Z' }));
    handlers.onDelete(repo('default', 'app', { resourceVersion: '6' }));
    handlers.onDelete(repo('default', 'app', { resourceVersion: '6' }));
    handlers.onUpsert(repo('default', 'new'));
    expect(events).to.deep.equal([
      { type: 'upsert', key: 'default/app' },
      { type: 'upsert', key: 'default/app' },
      { type: 'upsert', key: 'default/app' },
      { type: 'delete', key: 'default/app' },
      { type: 'upsert', key: 'default/new' },
    ]);
    expect(source.get('default/app')).to.equal(undefined);
  });

  it('a relist reports objects that vanished meanwhile as deletions, only in the relisted namespace', async () => {
    const { source, streams, timers, events } = setup(['team-a', 'team-b']);
    const started = source.start((e) => events.push(e));
    await timers.advance(0);
    list(streams, 'team-a', [repo('team-a', 'app'), repo('team-a', 'old')]);
    list(streams, 'team-b', [repo('team-b', 'web')]);
    await started;
    streams.get('team-a')![0]!.handlers.onError(new Error('watch broke'));
    await timers.advance(1000);
    list(streams, 'team-a', [repo('team-a', 'app'), repo('team-a', 'added', {})]);
    expect(events).to.deep.equal([{ type: 'delete', key: 'team-a/old' }, { type: 'upsert', key: 'team-a/added' }]);
    expect(source.list().map((r) => r.metadata.name).sort()).to.deep.equal(['added', 'app', 'web']);
  });

  it('counts lists and real watch events, not the adds a fresh stream replays from its list', async () => {
    const { source, streams, timers, watchEvents } = setup([undefined]);
    const started = source.start(() => undefined);
    await timers.advance(0);
    list(streams, '*', [repo('default', 'app')]);
    await started;
    const { handlers } = streams.get('*')![0]!;
    handlers.onUpsert(repo('default', 'app'));
    handlers.onUpsert(repo('default', 'app', { resourceVersion: '2' }));
    expect(watchEvents).to.deep.equal(['list', 'upsert']);
  });

  it('stop() stops delivering', async () => {
    const { source, streams, timers, events } = setup([undefined]);
    const started = source.start((e) => events.push(e));
    await timers.advance(0);
    list(streams, '*', []);
    await started;
    await source.stop();
    streams.get('*')![0]!.handlers.onUpsert(repo('default', 'app'));
    expect(events).to.deep.equal([]);
    expect(source.synced).to.equal(false);
  });
});
