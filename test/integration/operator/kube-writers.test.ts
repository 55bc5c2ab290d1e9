import { expect } from 'chai';
import type { TractRepo } from '../../../controller/api/tract-repo.ts';
import { KubeEventRecorder } from '../../../controller/kube/kube-event-recorder.ts';
import { KubeFinalizers } from '../../../controller/kube/kube-finalizers.ts';
import { KubeSecretReader } from '../../../controller/kube/kube-secret-reader.ts';
import { KubeStatusWriter } from '../../../controller/kube/kube-status-writer.ts';
import { silentLogger } from '../../../controller/logging/create-logger.ts';
import { RingEventRecorder } from '../../../controller/standalone/ring-event-recorder.ts';
import { AuthError, TransientError } from '../../../shared/core/tract-error.ts';
import { REPOS, startKubeFixture } from './kube-fixtures.ts';
import type { KubeFixture } from './kube-fixtures.ts';

const READY = { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'synced', lastTransitionTime: '2026-02-14T09:00:00Z', observedGeneration: 1 } as const;

describe('operator adapters against the Kubernetes API test server', () => {
  let k: KubeFixture;

  beforeEach(async () => {
    k = await startKubeFixture({ namespaces: ['default', 'team-a'] });
  });
  afterEach(async () => {
    await k.close();
  });

  describe('KubeStatusWriter', () => {
    it('merge-patches /status with the whole conditions list and observedGeneration; spec and generation stay', async () => {
      const created = await k.createRepo('app');
      const writer = new KubeStatusWriter({ clients: k.clients });
      await writer.patchStatus('default/app', { observedGeneration: 1, conditions: [READY, { ...READY, type: 'Stalled', reason: 'InvalidSpec' }] });
      await writer.patchStatus('default/app', { observedGeneration: 1, conditions: [READY], pending: 2 });
      const stored = k.api.store.get(REPOS, 'default', 'app') as unknown as TractRepo;
      expect(stored.status).to.deep.equal({ observedGeneration: 1, conditions: [READY], pending: 2 });
      expect(stored.metadata.generation).to.equal(created.metadata.generation);
      const patches = k.api.requestLog.filter((r) => r.verb === 'patch');
      expect(patches.map((r) => [r.subresource, r.contentType])).to.deep.equal([['status', 'application/merge-patch+json'], ['status', 'application/merge-patch+json']]);
    });

    it('ignores a 404 (the object is gone) and retries a 409', async () => {
      const writer = new KubeStatusWriter({ clients: k.clients });
      await writer.patchStatus('default/missing', { observedGeneration: 1 });
      await k.createRepo('app');
      k.api.failNext({ verb: 'patch', subresource: 'status' }, { code: 409 }, 2);
      await writer.patchStatus('default/app', { observedGeneration: 1, conditions: [READY] });
      expect((k.api.store.get(REPOS, 'default', 'app') as unknown as TractRepo).status?.conditions).to.deep.equal([READY]);
    });

    it('gives up after a bounded number of conflicts, and classifies other failures', async () => {
      await k.createRepo('app');
      const writer = new KubeStatusWriter({ clients: k.clients, maxAttempts: 3 });
      k.api.failNext({ verb: 'patch', subresource: 'status' }, { code: 409 }, 3);
      const conflict = await writer.patchStatus('default/app', {}).then(() => undefined, (err: unknown) => err);
      expect((conflict as Error).name).to.equal('ConflictError');
      k.api.failNext({ verb: 'patch', subresource: 'status' }, { code: 503 });
      const busy = await writer.patchStatus('default/app', {}).then(() => undefined, (err: unknown) => err);
      expect(busy).to.be.instanceOf(TransientError);
    });
  });

  describe('KubeSecretReader', () => {
    it('reads and base64-decodes a Secret on every call; a missing one is undefined', async () => {
      const reader = new KubeSecretReader(k.clients);
      expect(await reader.fetchSecret('team-a', 'jira')).to.equal(undefined);
      await k.clients.core.createNamespacedSecret({ namespace: 'team-a', body: { metadata: { name: 'jira' }, stringData: { email: 'bot@example.com', apiToken: 'tök€n' } } });
      expect(await reader.fetchSecret('team-a', 'jira')).to.deep.equal({ email: 'bot@example.com', apiToken: 'tök€n' });
      expect(k.api.requestLog.filter((r) => r.resource === 'secrets' && r.verb === 'get')).to.have.length(2);
    });

    it('a 403 (RBAC) is an AuthError that names the Secret but never a value', async () => {
      k.api.failNext({ resource: 'secrets' }, { code: 403, message: 'secrets "jira" is forbidden' });
      const err = await new KubeSecretReader(k.clients).fetchSecret('team-a', 'jira').then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(AuthError);
      expect((err as Error).message).to.contain('read Secret team-a/jira');
    });
  });

  describe('KubeFinalizers', () => {
    it('adds the finalizer once, knows it before the watch does, and removing it lets a deletion finish', async () => {
      const created = await k.createRepo('app');
      const finalizers = new KubeFinalizers(k.clients);
      expect(finalizers.has(created)).to.equal(false);
      await finalizers.add('default/app');
      expect(finalizers.has(created)).to.equal(true);
      await finalizers.add('default/app');
      const stored = k.api.store.get(REPOS, 'default', 'app') as unknown as TractRepo;
      expect(stored.metadata.finalizers).to.deep.equal(['finalizers.tract.dev']);
      expect(k.api.requestLog.filter((r) => r.verb === 'patch' && r.resource === REPOS)).to.have.length(1);
      await k.clients.custom.deleteNamespacedCustomObject({ group: 'tract.dev', version: 'v1alpha1', plural: 'tractrepos', namespace: 'default', name: 'app' });
      expect((k.api.store.get(REPOS, 'default', 'app') as unknown as TractRepo).metadata.deletionTimestamp).to.be.a('string');
      await finalizers.remove('default/app');
      expect(k.api.store.get(REPOS, 'default', 'app')).to.equal(undefined);
      await finalizers.remove('default/app');
    });

    it('a recreated object (new uid) is not taken for the old one', async () => {
      const first = await k.createRepo('app');
      const finalizers = new KubeFinalizers(k.clients);
      await finalizers.add('default/app');
      k.api.store.remove(REPOS, 'default', 'app');
      const second = await k.createRepo('app');
      expect(second.metadata.uid).to.not.equal(first.metadata.uid);
      expect(finalizers.has(second)).to.equal(false);
    });

    it('refetches and retries after a 409 Conflict, keeping other finalizers', async () => {
      await k.createRepo('app', 'default', { finalizers: ['example.com/other'] });
      k.api.failNext({ verb: 'patch', resource: REPOS }, { code: 409 });
      await new KubeFinalizers(k.clients).add('default/app');
      const stored = k.api.store.get(REPOS, 'default', 'app') as unknown as TractRepo;
      expect(stored.metadata.finalizers).to.deep.equal(['example.com/other', 'finalizers.tract.dev']);
      expect(k.api.requestLog.filter((r) => r.resource === REPOS && r.verb === 'get')).to.have.length(2);
    });
  });

  describe('KubeEventRecorder', () => {
    function recorder(lookup: (key: string) => TractRepo | undefined): { events: KubeEventRecorder; recent: RingEventRecorder } {
      const clock = { now: () => new Date('2026-02-14T09:00:00Z') };
      const recent = new RingEventRecorder({ clock });
      return { events: new KubeEventRecorder({ clients: k.clients, lookup, clock, logger: silentLogger(), instance: 'pod-a', recent }), recent };
    }

    it('records core Events on the TractRepo and aggregates repeats into count', async () => {
      const repo = await k.createRepo('app', 'team-a');
      const { events, recent } = recorder(() => repo);
      events.record('team-a/app', 'Warning', 'SyncFailed', 'Jira unreachable');
      events.record('team-a/app', 'Warning', 'SyncFailed', 'Jira unreachable');
      events.record('team-a/app', 'Warning', 'SyncFailed', 'Jira unreachable');
      events.record('team-a/app', 'Normal', 'SyncSucceeded', 'synced main@1a2b3c4');
      await events.flush();
      const stored = k.api.store.list('events', 'team-a') as unknown as { involvedObject: Record<string, string>; reason: string; type: string; count: number; message: string; source: { component: string; host: string } }[];
      expect(stored.map((e) => [e.type, e.reason, e.count, e.message]).sort()).to.deep.equal([
        ['Normal', 'SyncSucceeded', 1, 'synced main@1a2b3c4'],
        ['Warning', 'SyncFailed', 3, 'Jira unreachable'],
      ]);
      expect(stored[0]!.involvedObject).to.deep.include({ apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', namespace: 'team-a', name: 'app', uid: repo.metadata.uid });
      expect(stored[0]!.source).to.deep.equal({ component: 'tract-controller', host: 'pod-a' });
      expect(recent.list('team-a/app')).to.have.length(4);
    });

    it('never throws into the reconcile: a failed call is logged, and an expired Event is created again', async () => {
      const repo = await k.createRepo('app');
      const { events } = recorder(() => repo);
      k.api.failNext({ resource: 'events', verb: 'create' }, { code: 500 });
      expect(() => events.record('default/app', 'Normal', 'Suspended', 'suspended')).to.not.throw();
      await events.flush();
      expect(k.api.store.list('events', 'default')).to.have.length(0);
      events.record('default/app', 'Normal', 'Suspended', 'suspended');
      await events.flush();
      const [first] = k.api.store.list('events', 'default');
      k.api.store.remove('events', 'default', first!.metadata.name);
      events.record('default/app', 'Normal', 'Suspended', 'suspended');
      await events.flush();
      const again = k.api.store.list('events', 'default') as unknown as { count: number }[];
      expect(again.map((e) => e.count)).to.deep.equal([1]);
    });
  });
});
