/**
 * `crds/tractrepos.tract.dev.yaml` on the real kube-apiserver: the sample TractRepos shared with the
 * project's test double (valid and invalid: schema, CEL rules, transition rules, list maps, defaults,
 * unknown fields, status subresource, conflicts; tractrepo-samples.ts), kubectl's strict field
 * validation, and the printer columns as the real `kubectl get` shows them. Differences found between
 * the double and the real server: docs/operator.md.
 */
import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { startRealKube } from '../../support/real-kube/start-real-kube.ts';
import type { RealKube } from '../../support/real-kube/start-real-kube.ts';
import { tractRepo, TR } from '../kube-api-server/fixtures.ts';
import type { RepoObject } from '../kube-api-server/fixtures.ts';
import { tractRepoSamples } from '../kube-api-server/tractrepo-samples.ts';

const CRD = fileURLToPath(new URL('../../../crds/tractrepos.tract.dev.yaml', import.meta.url));
const ns = { ...TR, namespace: 'default' };
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

describe('TractRepo CRD on the real kube-apiserver', function () {
  this.timeout(120_000);
  let kube: RealKube;
  let custom: CustomObjectsApi;
  const create = (body: Record<string, unknown>): Promise<RepoObject> => custom.createNamespacedCustomObject({ ...ns, body }) as Promise<RepoObject>;

  before(async () => {
    kube = await startRealKube();
    for (const args of [['apply', '-f', CRD], ['wait', '--for=condition=Established', '--timeout=60s', 'crd/tractrepos.tract.dev']]) {
      const result = await kube.kubectl(args);
      expect(result.code, result.stderr).to.equal(0);
    }
    const kc = new KubeConfig();
    kc.loadFromOptions(kube.kubeConfig());
    custom = kc.makeApiClient(CustomObjectsApi);
  });
  after(async () => {
    await kube?.close();
  });

  tractRepoSamples(() => custom);

  it('kubectl (strict field validation) refuses an unknown field with its path', async () => {
    const result = await kube.kubectl(['create', '-f', '-'], JSON.stringify(tractRepo('strict', { unknownField: true })));
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('unknown field "spec.unknownField"');
  });

  it('kubectl get shows Ready, Status, Pending, Failed, Last Sync and Age; -o wide adds Repo, Branch, Jira and Suspended', async () => {
    await create(tractRepo('columns'));
    const status = {
      observedGeneration: 1, pending: 2, failed: 1, lastSyncTime: new Date(Date.now() - 120_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      conditions: [{ type: 'Ready', status: 'True', reason: 'Synced', message: 'Synced 3 worklogs', lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: 1 }],
    };
    await custom.patchNamespacedCustomObjectStatus({ ...ns, name: 'columns', body: { status } }, merge);
    const table = await kube.kubectl(['get', 'tractrepos', 'columns']);
    expect(table.code, table.stderr).to.equal(0);
    const [header, row] = table.stdout.trimEnd().split('\n').map((line) => line.split(/\s{2,}/));
    expect(header).to.deep.equal(['NAME', 'READY', 'STATUS', 'PENDING', 'FAILED', 'LAST SYNC', 'AGE']);
    expect(row!.slice(0, 6)).to.deep.equal(['columns', 'True', 'Synced 3 worklogs', '2', '1', '2m']);
    const wide = await kube.kubectl(['get', 'trepo', 'columns', '-o', 'wide']);
    const [wideHeader, wideRow] = wide.stdout.trimEnd().split('\n').map((line) => line.split(/\s{2,}/));
    expect(wideHeader!.slice(7)).to.deep.equal(['REPO', 'BRANCH', 'JIRA', 'SUSPENDED']);
    expect(wideRow!.slice(7)).to.deep.equal(['https://git.example.com/team/app.git', 'main', 'https://example.atlassian.net', 'false']);
  });
});
