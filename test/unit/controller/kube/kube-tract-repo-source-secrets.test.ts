import { expect } from 'chai';
import type { TractRepo } from '../../../../controller/api/tract-repo.ts';
import { KubeTractRepoSource } from '../../../../controller/kube/kube-tract-repo-source.ts';
import type { StreamHandlers } from '../../../../controller/kube/restarting-informer.ts';
import { watchedSecret } from '../../../../controller/kube/secret-streams.ts';
import type { WatchedSecret } from '../../../../controller/kube/secret-streams.ts';
import { silentLogger } from '../../../../controller/logging/create-logger.ts';
import type { RepoEvent } from '../../../../controller/api/ports.ts';
import { FakeTimers } from '../../../support/fake-timers.ts';

function repo(namespace: string, name: string, jiraSecret: string, generation = 1): TractRepo {
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name, namespace, generation, resourceVersion: String(generation) },
    spec: { git: {}, jira: { secretRef: { name: jiraSecret } } } as unknown as TractRepo['spec'],
  };
}

function secret(namespace: string, name: string, token: string): WatchedSecret {
  return watchedSecret({ metadata: { namespace, name }, data: { apiToken: Buffer.from(token).toString('base64') } }, namespace);
}

function setup(): { source: KubeTractRepoSource; repos: StreamHandlers<TractRepo>[]; secrets: Map<string, StreamHandlers<WatchedSecret>>; timers: FakeTimers } {
  const timers = new FakeTimers();
  const repos: StreamHandlers<TractRepo>[] = [];
  const secrets = new Map<string, StreamHandlers<WatchedSecret>>();
  const source = new KubeTractRepoSource({
    streams: [{ factory: (handlers) => {
      repos.push(handlers);
      return { start: async () => undefined, stop: async () => undefined };
    } }],
    secretStreams: (namespace) => (handlers) => {
      secrets.set(namespace, handlers);
      return { start: () => new Promise<void>(() => undefined), stop: async () => undefined };
    },
    timers,
    logger: silentLogger(),
    random: () => 0,
  });
  return { source, repos, secrets, timers };
}

describe('KubeTractRepoSource: the Secrets its TractRepos reference', () => {
  it('watches Secrets only once delivering (the leader), in the namespaces holding TractRepos', async () => {
    const { source, repos, secrets, timers } = setup();
    source.run();
    await timers.advance(0);
    repos[0]!.onList([repo('team-a', 'app', 'jira'), repo('team-b', 'web', 'jira')]);
    expect(source.secretNamespaces, 'a standby keeps no Secret watch').to.deep.equal([]);
    await source.start(() => undefined);
    expect(source.secretNamespaces).to.deep.equal(['team-a', 'team-b']);
    repos[0]!.onUpsert(repo('team-c', 'api', 'jira'));
    expect(source.secretNamespaces).to.deep.equal(['team-a', 'team-b', 'team-c']);
    repos[0]!.onDelete(repo('team-b', 'web', 'jira'));
    expect(source.secretNamespaces, 'the last TractRepo of team-b is gone').to.deep.equal(['team-a', 'team-c']);
    expect([...secrets.keys()].sort()).to.deep.equal(['team-a', 'team-b', 'team-c']);
    await source.stop();
    expect(source.secretNamespaces).to.deep.equal([]);
  });

  it('a changed Secret becomes a `secret` event for each TractRepo reading it, none for the others', async () => {
    const { source, repos, secrets, timers } = setup();
    const events: RepoEvent[] = [];
    void source.start((e) => events.push(e));
    await timers.advance(0);
    repos[0]!.onList([repo('team-a', 'app', 'shared'), repo('team-a', 'web', 'shared'), repo('team-a', 'api', 'own'), repo('team-b', 'app', 'shared')]);
    await timers.advance(0);
    const teamA = secrets.get('team-a')!;
    teamA.onList([secret('team-a', 'shared', 'wrong'), secret('team-a', 'own', 'x'), secret('team-a', 'unrelated', 'y')]);
    expect(events).to.deep.equal([]);
    teamA.onUpsert(secret('team-a', 'shared', 'right'));
    teamA.onUpsert(secret('team-a', 'unrelated', 'z'));
    expect(events).to.deep.equal([{ type: 'secret', key: 'team-a/app' }, { type: 'secret', key: 'team-a/web' }]);
    teamA.onDelete(secret('team-a', 'own', 'x'));
    expect(events.at(-1)).to.deep.equal({ type: 'secret', key: 'team-a/api' });
    expect(events).to.have.length(3);
  });
});
