/**
 * Sample TractRepos and the writes an operator makes, with what the API server answers: one set of
 * checks that runs against the real kube-apiserver (test/integration/real-kube/tractrepo-crd.test.ts)
 * and against the project's test double (custom-resources.test.ts), so the double stays honest.
 * Differences found between the two: docs/operator.md ("The double and the real server").
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { CustomObjectsApi } from '@kubernetes/client-node';
import { expect } from 'chai';
import { expectStatus, TR, tractRepo, type RepoObject } from './fixtures.ts';

const ns = { ...TR, namespace: 'default' };
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Defines the shared `it`s; `custom` is a client of the server under test (called once the server runs). */
export function tractRepoSamples(custom: () => CustomObjectsApi): void {
  const create = (body: Record<string, unknown>): Promise<RepoObject> => custom().createNamespacedCustomObject({ ...ns, body }) as Promise<RepoObject>;
  const get = (name: string): Promise<RepoObject> => custom().getNamespacedCustomObject({ ...ns, name }) as Promise<RepoObject>;

    it('applies the CRD defaults (nested too), prunes unknown fields and starts at generation 1', async () => {
      const created = await create(tractRepo('app-0', { sync: { batchSize: 20 }, unknownField: true, authors: [{ name: 'ann', accountId: 'a1', tokenSecretRef: { name: 'ann-token' } }] }));
      expect(created.metadata.generation).to.equal(1);
      expect(created.metadata.uid).to.match(/^[0-9a-f-]{36}$/);
      expect(created.spec.git).to.deep.include({ branch: 'main', path: 'worklogs', commitAuthor: { name: 'tract-sync', email: 'tract-sync@localhost' } });
      expect(created.spec.sync).to.deep.equal({ batchSize: 20, direction: 'Bidirectional', batchInterval: '100ms', dryRun: false, duplicates: 'Discard' });
      expect(created.spec.authors[0].tokenSecretRef).to.deep.equal({ name: 'ann-token', key: 'token' });
      expect(created.spec).to.not.have.property('unknownField');
      expect(created.status).to.deep.equal({ observedGeneration: -1 });
      expect((await get('app-0')).spec).to.deep.equal(created.spec);
    });

    it('answers 422 Invalid with one cause per schema problem, by field path', async () => {
      const status = await expectStatus(create(tractRepo('bad', { sync: { batchSize: 101, direction: 'Sideways' }, interval: 'soon' })), 422);
      expect(status.reason).to.equal('Invalid');
      const fields = status.details!.causes!.map((c) => `${c.field} ${c.reason}`);
      expect(fields).to.have.members([
        'spec.sync.batchSize FieldValueInvalid',
        'spec.sync.direction FieldValueNotSupported',
        'spec.interval FieldValueInvalid',
        '<nil> FieldValueInvalid',
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
      expect(status.details!.causes).to.deep.include.members([{ reason: 'FieldValueDuplicate', message: 'Duplicate value: {"name":"ann"}', field: 'spec.authors[1]' }]);
    });

    it('accepts hoursPerDay as an integer or a decimal string and checks its range', async () => {
      await create(tractRepo('eight', { jira: { url: 'https://a.atlassian.net', secretRef: { name: 's' }, hoursPerDay: 8 } }));
      await create(tractRepo('seven-half', { jira: { url: 'https://a.atlassian.net', secretRef: { name: 's' }, hoursPerDay: '7.5' } }));
      const status = await expectStatus(create(tractRepo('bad', { jira: { url: 'https://a.atlassian.net', secretRef: { name: 's' }, hoursPerDay: '25' } })), 422);
      expect(status.details!.causes!.map((c) => c.field)).to.deep.equal(['spec.jira.hoursPerDay']);
    });

    it('enforces the transition rule that jira.url is immutable', async () => {
      const created = await create(tractRepo('app-6'));
      created.spec.jira.url = 'https://other.atlassian.net';
      const status = await expectStatus(custom().replaceNamespacedCustomObject({ ...ns, name: 'app-6', body: created }), 422);
      expect(status.details!.causes).to.deep.equal([
        { reason: 'FieldValueInvalid', message: 'Invalid value: "https://other.atlassian.net": jira.url is immutable; create a new TractRepo to sync with another Jira site', field: 'spec.jira.url' },
      ]);
    });

    it('bumps generation on spec changes only, not on metadata or status writes', async () => {
      const created = await create(tractRepo('app-7'));
      const labelled = (await custom().patchNamespacedCustomObject({ ...ns, name: 'app-7', body: { metadata: { labels: { team: 'a' } } } }, merge)) as RepoObject;
      expect(labelled.metadata.generation).to.equal(1);
      expect(Number(labelled.metadata.resourceVersion)).to.be.greaterThan(Number(created.metadata.resourceVersion));
      const withStatus = (await custom().patchNamespacedCustomObjectStatus({ ...ns, name: 'app-7', body: { status: { observedGeneration: 1, pending: 3 } } }, merge)) as RepoObject;
      expect(withStatus.metadata.generation).to.equal(1);
      expect(withStatus.status).to.deep.equal({ observedGeneration: 1, pending: 3 });
      const suspended = (await custom().patchNamespacedCustomObject({ ...ns, name: 'app-7', body: { spec: { suspend: true } } }, merge)) as RepoObject;
      expect(suspended.metadata.generation).to.equal(2);
      expect(suspended.status).to.deep.equal({ observedGeneration: 1, pending: 3 });
    });

    it('ignores status in main-resource writes and everything but status in /status writes', async () => {
      const created = await create(tractRepo('app-8'));
      const viaMain = (await custom().replaceNamespacedCustomObject({ ...ns, name: 'app-8', body: { ...created, status: { pending: 9 } } })) as RepoObject;
      expect(viaMain.status).to.deep.equal({ observedGeneration: -1 });
      const viaStatus = (await custom().replaceNamespacedCustomObjectStatus({
        ...ns,
        name: 'app-8',
        body: { ...viaMain, spec: { ...viaMain.spec, suspend: true }, metadata: { ...viaMain.metadata, labels: { x: 'y' } }, status: { pending: 2 } },
      })) as RepoObject;
      expect(viaStatus.spec.suspend).to.equal(false);
      expect(viaStatus.metadata.labels).to.equal(undefined);
      expect(viaStatus.status).to.deep.equal({ pending: 2, observedGeneration: -1 });
    });

    it('validates status writes against the schema', async () => {
      await create(tractRepo('app-9'));
      const status = await expectStatus(
        custom().patchNamespacedCustomObjectStatus({ ...ns, name: 'app-9', body: { status: { conditions: [{ type: 'Ready', status: 'Maybe' }] } } }, merge),
        422,
      );
      expect(status.details!.causes!.map((c) => c.field)).to.include.members(['status.conditions[0].status', 'status.conditions[0].reason']);
    });

    it('answers 409 Conflict to an update with a stale resourceVersion', async () => {
      const created = await create(tractRepo('app-10'));
      await custom().patchNamespacedCustomObject({ ...ns, name: 'app-10', body: { spec: { suspend: true } } }, merge);
      const status = await expectStatus(custom().replaceNamespacedCustomObject({ ...ns, name: 'app-10', body: created }), 409);
      expect(status.reason).to.equal('Conflict');
      expect(status.message).to.equal(
        'Operation cannot be fulfilled on tractrepos.tract.dev "app-10": the object has been modified; please apply your changes to the latest version and try again',
      );
    });

    it('requires a resourceVersion on updates of custom resources', async () => {
      const created = await create(tractRepo('app-11'));
      const { resourceVersion: _rv, ...meta } = created.metadata;
      const status = await expectStatus(custom().replaceNamespacedCustomObject({ ...ns, name: 'app-11', body: { ...created, metadata: meta } }), 422);
      expect(status.details!.causes![0]!.field).to.equal('metadata.resourceVersion');
    });

    it('refuses strategic merge patch on custom resources with 415, like the real server', async () => {
      await create(tractRepo('app-12'));
      const status = await expectStatus(
        custom().patchNamespacedCustomObject({ ...ns, name: 'app-12', body: { spec: { suspend: true } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)),
        415,
      );
      expect(status.reason).to.equal('UnsupportedMediaType');
    });

    it('makes no change (and keeps the resourceVersion) for a no-op patch', async () => {
      await create(tractRepo('app-13'));
      // The first write after a create is never a no-op on the real server: it stores the status
      // default that reads add (docs/operator.md, "The double and the real server").
      const labelled = (await custom().patchNamespacedCustomObject({ ...ns, name: 'app-13', body: { metadata: { labels: { team: 'a' } } } }, merge)) as RepoObject;
      const same = (await custom().patchNamespacedCustomObject({ ...ns, name: 'app-13', body: { spec: { suspend: false } } }, merge)) as RepoObject;
      expect(same.metadata.resourceVersion).to.equal(labelled.metadata.resourceVersion);
    });
}
