import { expect } from 'chai';
import { KubeSecretWatch } from '../../../../controller/kube/kube-secret-watch.ts';
import type { StreamHandlers } from '../../../../controller/kube/restarting-informer.ts';
import { watchedSecret } from '../../../../controller/kube/secret-streams.ts';
import type { WatchedSecret } from '../../../../controller/kube/secret-streams.ts';
import { silentLogger } from '../../../../controller/logging/create-logger.ts';
import { FakeTimers } from '../../../support/fake-timers.ts';

function secret(namespace: string, name: string, data: Record<string, string>): WatchedSecret {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return watchedSecret({ metadata: { namespace, name, resourceVersion: '1' }, type: 'Opaque', data: encoded }, namespace);
}

function setup(): { watch: KubeSecretWatch; streams: Map<string, StreamHandlers<WatchedSecret>[]>; stopped: string[]; changes: string[]; timers: FakeTimers } {
  const timers = new FakeTimers();
  const streams = new Map<string, StreamHandlers<WatchedSecret>[]>();
  const stopped: string[] = [];
  const changes: string[] = [];
  const watch = new KubeSecretWatch({
    streams: (namespace) => (handlers) => {
      streams.set(namespace, [...(streams.get(namespace) ?? []), handlers]);
      return { start: () => new Promise<void>(() => undefined), stop: async () => void stopped.push(namespace) };
    },
    onChange: (namespace, name) => changes.push(`${namespace}/${name}`),
    timers,
    logger: silentLogger(),
    random: () => 0,
  });
  return { watch, streams, stopped, changes, timers };
}

describe('KubeSecretWatch', () => {
  it('the first list is not a change; an added, modified or deleted Secret is; a write with the same contents is not', () => {
    const { watch, streams, changes } = setup();
    watch.follow(new Set(['team-a']));
    const handlers = streams.get('team-a')![0]!;
    handlers.onList([secret('team-a', 'jira', { apiToken: 'wrong' })]);
    handlers.onUpsert(secret('team-a', 'jira', { apiToken: 'wrong' }));
    expect(changes, 'the list replayed as adds').to.deep.equal([]);
    handlers.onUpsert(secret('team-a', 'jira', { apiToken: 'right' }));
    handlers.onUpsert(secret('team-a', 'jira', { apiToken: 'right' }));
    handlers.onUpsert(secret('team-a', 'new', { token: 'x' }));
    handlers.onDelete(secret('team-a', 'new', { token: 'x' }));
    expect(changes).to.deep.equal(['team-a/jira', 'team-a/new', 'team-a/new']);
  });

  it('a relist (restart) reports what changed, appeared or vanished meanwhile', async () => {
    const { watch, streams, changes, timers } = setup();
    watch.follow(new Set(['team-a']));
    const first = streams.get('team-a')![0]!;
    first.onList([secret('team-a', 'jira', { apiToken: 'a' }), secret('team-a', 'git', { password: 'p' }), secret('team-a', 'old', { k: 'v' })]);
    first.onError(new Error('watch closed'));
    await timers.advance(2000);
    const second = streams.get('team-a')![1]!;
    second.onList([secret('team-a', 'jira', { apiToken: 'b' }), secret('team-a', 'git', { password: 'p' }), secret('team-a', 'fresh', { k: 'v' })]);
    expect(changes.sort()).to.deep.equal(['team-a/fresh', 'team-a/jira', 'team-a/old']);
  });

  it('follows exactly the namespaces asked for: starts new ones, stops dropped ones and ignores their late events', () => {
    const { watch, streams, stopped, changes } = setup();
    watch.follow(new Set(['team-a', 'team-b']));
    expect(watch.namespaces).to.deep.equal(['team-a', 'team-b']);
    const b = streams.get('team-b')![0]!;
    b.onList([]);
    watch.follow(new Set(['team-a']));
    expect(watch.namespaces).to.deep.equal(['team-a']);
    expect(stopped).to.deep.equal(['team-b']);
    b.onUpsert(secret('team-b', 'jira', { apiToken: 'x' }));
    expect(changes).to.deep.equal([]);
    watch.follow(new Set(['team-a']));
    expect(streams.get('team-a'), 'no second stream for a followed namespace').to.have.length(1);
  });

  it('the digest covers the data and the type, and carries no value', () => {
    const a = secret('ns', 's', { apiToken: 'secret-value-1' });
    expect(a.digest).to.not.equal(secret('ns', 's', { apiToken: 'secret-value-2' }).digest);
    expect(a.digest).to.equal(secret('ns', 's', { apiToken: 'secret-value-1' }).digest);
    expect(watchedSecret({ metadata: { name: 's' }, type: 'kubernetes.io/basic-auth', data: {} }, 'ns').digest).to.not.equal(watchedSecret({ metadata: { name: 's' }, type: 'Opaque', data: {} }, 'ns').digest);
    expect(JSON.stringify(a)).to.not.include('secret-value-1').and.not.include(Buffer.from('secret-value-1').toString('base64'));
  });
});
