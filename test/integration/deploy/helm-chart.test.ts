import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../../controller/config.ts';
import { compileSpecValidator } from '../../../controller/standalone/validate-tract-repo.ts';
import { removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { CHART_DIR, NAMESPACE, ROOT, find, helm, renderChart } from './helm.ts';
import { typecheckManifests, validateWithModels } from './validate-manifests.ts';
import type { KubeObject } from './validate-manifests.ts';

const VALUES = { default: 'ci/default-values.yaml', ha: 'ci/ha-values.yaml', minimal: 'ci/minimal-values.yaml' } as const;
type Profile = keyof typeof VALUES;

interface Container {
  name: string;
  env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  securityContext: Record<string, unknown>;
  readinessProbe: { httpGet: { path: string } };
  livenessProbe: { httpGet: { path: string } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
  resources: Record<string, unknown>;
}
interface DeploymentShape {
  spec: { replicas: number; strategy: { type: string }; template: { spec: { securityContext: Record<string, unknown>; containers: Container[]; volumes: Record<string, unknown>[] } } };
}

const deploymentOf = (objects: readonly KubeObject[]): DeploymentShape => find(objects, 'Deployment')[0] as unknown as DeploymentShape;
const containerOf = (objects: readonly KubeObject[]): Container => deploymentOf(objects).spec.template.spec.containers[0]!;

describe('Helm chart deploy/helm/tract-controller (real helm)', function () {
  this.timeout(120_000);
  const rendered = {} as Record<Profile, KubeObject[]>;

  before(async () => {
    for (const profile of Object.keys(VALUES) as Profile[]) rendered[profile] = await renderChart([VALUES[profile]]);
  });
  after(() => removeTempDirs());

  for (const profile of Object.keys(VALUES) as Profile[]) {
    it(`helm lint --strict passes with ${VALUES[profile]}`, async () => {
      const result = await helm(['lint', '--strict', '.', '-f', VALUES[profile]]);
      expect(result.code, result.stdout + result.stderr).to.equal(0);
      expect(result.stdout).to.match(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    });

    it(`every object rendered with ${VALUES[profile]} is valid against the Kubernetes schemas (values, and no unknown fields)`, async () => {
      expect(rendered[profile].length).to.be.greaterThan(2);
      expect(await validateWithModels(rendered[profile])).to.deep.equal([]);
      expect(typecheckManifests(rendered[profile])).to.deep.equal([]);
    });
  }

  it('the schema validators do fail on bad objects', async () => {
    const bad = [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'c', imagePullPolicy: 'Sometimes' }] } } } }];
    expect((await validateWithModels(bad)).join()).to.match(/imagePullPolicy must be equal to one of the allowed values/);
    const unknownField = [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: 80, targetport: 'http' }] } }];
    expect(typecheckManifests(unknownField).join()).to.match(/'"targetport"' does not exist/);
    expect(await validateWithModels([{ apiVersion: 'example.com/v1', kind: 'Widget' }])).to.deep.equal(['Widget ?: no schema for example.com/v1 Widget']);
  });

  it('renders the expected objects per profile', () => {
    const kinds = (profile: Profile): string[] => rendered[profile].map((o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`).sort();
    expect(kinds('default')).to.deep.equal([
      'ClusterRole//tract-tract-controller', 'ClusterRole//tract-tract-controller-tractrepo-edit', 'ClusterRole//tract-tract-controller-tractrepo-view',
      'ClusterRoleBinding//tract-tract-controller', `ConfigMap/${NAMESPACE}/tract-tract-controller`, 'CustomResourceDefinition//tractrepos.tract.dev',
      `Deployment/${NAMESPACE}/tract-tract-controller`, `Service/${NAMESPACE}/tract-tract-controller`, `ServiceAccount/${NAMESPACE}/tract-tract-controller`,
    ]);
    expect(kinds('minimal')).to.deep.equal([`ConfigMap/${NAMESPACE}/tract-tract-controller`, `Deployment/${NAMESPACE}/tract-tract-controller`, `Service/${NAMESPACE}/tract-tract-controller`]);
    expect(kinds('ha')).to.include.members([
      `PodDisruptionBudget/${NAMESPACE}/tract-tract-controller`, `Role/${NAMESPACE}/tract-tract-controller-leader-election`, 'Role/team-a/tract-tract-controller',
      'Role/team-b/tract-tract-controller', `ServiceMonitor/${NAMESPACE}/tract-tract-controller`,
      `PrometheusRule/${NAMESPACE}/tract-tract-controller`, 'ConfigMap/monitoring/tract-tract-controller-dashboard', `NetworkPolicy/${NAMESPACE}/tract-tract-controller`,
      `Ingress/${NAMESPACE}/tract-tract-controller-webhooks`,
    ]);
    expect(kinds('ha').filter((k) => k.startsWith('ClusterRoleBinding') || k === 'ClusterRole//tract-tract-controller')).to.deep.equal([]);
  });

  it('Deployment: Flux-style security context, probes, downward API, resources, writable mounts only for state and /tmp', () => {
    const deployment = deploymentOf(rendered.default);
    expect(deployment.spec.template.spec.securityContext).to.deep.include({ runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    const container = containerOf(rendered.default);
    expect(container.securityContext).to.deep.include({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.livenessProbe.httpGet.path).to.equal('/healthz');
    expect(container.readinessProbe.httpGet.path).to.equal('/readyz');
    const fieldRefs = Object.fromEntries(container.env.filter((e) => e.valueFrom?.fieldRef).map((e) => [e.name, e.valueFrom!.fieldRef!.fieldPath]));
    expect(fieldRefs).to.deep.equal({ POD_NAME: 'metadata.name', POD_NAMESPACE: 'metadata.namespace', POD_IP: 'status.podIP' });
    expect(container.resources).to.have.keys('requests', 'limits');
    expect(container.volumeMounts.filter((m) => !m.readOnly).map((m) => m.mountPath).sort()).to.deep.equal(['/tmp', '/var/lib/tract']);
    expect(deployment.spec.template.spec.volumes.filter((v) => 'emptyDir' in v).map((v) => v.name).sort()).to.deep.equal(['state', 'tmp']);
    expect(deployment.spec.strategy.type).to.equal('Recreate');
  });

  it('HA: two replicas, rolling update through the Lease, per-replica readiness, a PDB', () => {
    const deployment = deploymentOf(rendered.ha);
    expect(deployment.spec.replicas).to.equal(2);
    expect(deployment.spec.strategy.type).to.equal('RollingUpdate');
    expect(containerOf(rendered.ha).readinessProbe.httpGet.path).to.equal('/healthz');
    expect(find(rendered.ha, 'PodDisruptionBudget')[0]).to.deep.nested.include({ 'spec.maxUnavailable': 1 });
    expect(find(rendered.default, 'PodDisruptionBudget')).to.deep.equal([]);
  });

  it('values.schema.json refuses unknown keys, wrong types and replicas > 1 without leader election', async () => {
    for (const [set, message] of [
      ['replicaCount=2', /leaderElection\/enabled/],
      ['imagee.tag=x', /additional properties 'imagee' not allowed/],
      ['config.concurrency=many', /concurrency/],
      ['config.backoff.min=soon', /backoff\/min/],
    ] as const) {
      const result = await helm(['template', 'tract', '.', '--set', set]);
      expect(result.code, set).to.not.equal(0);
      expect(result.stderr, set).to.match(message);
    }
  });

  it('ships the CRD of crds/ unchanged: a byte-equal copy in the chart, rendered with only labels and the keep annotation added', () => {
    const source = readFileSync(join(ROOT, 'crds/tractrepos.tract.dev.yaml'), 'utf8');
    expect(readFileSync(join(CHART_DIR, 'files/crds/tractrepos.tract.dev.yaml'), 'utf8'), 'copy it: cp crds/tractrepos.tract.dev.yaml deploy/helm/tract-controller/files/crds/').to.equal(source);
    const crd = structuredClone(find(rendered.default, 'CustomResourceDefinition')[0]!) as KubeObject & { metadata: { labels: Record<string, string>; annotations?: Record<string, string> } };
    expect(crd.metadata.annotations).to.deep.equal({ 'helm.sh/resource-policy': 'keep' });
    const expected = parseYaml(source) as typeof crd;
    delete crd.metadata.annotations;
    crd.metadata.labels = Object.fromEntries(Object.entries(crd.metadata.labels).filter(([k]) => k in expected.metadata.labels));
    expect(crd).to.deep.equal(expected);
  });

  it('ships the Grafana dashboard of deploy/grafana unchanged, in a ConfigMap labelled for the sidecar', () => {
    const source = readFileSync(join(ROOT, 'deploy/grafana/tract-sync.json'), 'utf8');
    expect(readFileSync(join(CHART_DIR, 'dashboards/tract-sync.json'), 'utf8'), 'copy it: cp deploy/grafana/tract-sync.json deploy/helm/tract-controller/dashboards/').to.equal(source);
    const configMap = find(rendered.ha, 'ConfigMap', 'tract-tract-controller-dashboard')[0] as KubeObject & { data: Record<string, string>; metadata: { labels: Record<string, string> } };
    expect(configMap.metadata.labels.grafana_dashboard).to.equal('1');
    expect(JSON.parse(configMap.data['tract-sync.json']!)).to.deep.equal(JSON.parse(source));
  });

  it('the ConfigMap holds a configuration the controller accepts (strict), in operator mode with the chart settings', () => {
    const file = join(tempDir('tract-chart-config-'), 'config.yaml');
    for (const profile of Object.keys(VALUES) as Profile[]) {
      const configMap = find(rendered[profile], 'ConfigMap', 'tract-tract-controller')[0] as KubeObject & { data: Record<string, string> };
      writeFileSync(file, configMap.data['config.yaml']!);
      const config = loadConfig({ env: { POD_NAME: 'tract-abc', POD_NAMESPACE: NAMESPACE, TRACT_PORT: '3100' }, file });
      expect(config, profile).to.deep.include({ mode: 'operator', port: 3100, stateDir: '/var/lib/tract' });
      expect(config.leaderElection, profile).to.deep.include({ leaseNamespace: NAMESPACE, identity: 'tract-abc', leaseName: 'tract-tract-controller-leader' });
      if (profile === 'ha') expect(config).to.deep.include({ watchNamespaces: ['team-a', 'team-b'] }).and.nested.include({ 'leaderElection.enabled': true });
      else expect(config).to.deep.include({ watchNamespaces: [] }).and.nested.include({ 'leaderElection.enabled': false });
    }
  });

  it('NOTES.txt shows a valid sample TractRepo, its Secrets and the webhook URLs', async () => {
    const result = await helm(['install', 'tract', '.', '--dry-run=client', '--namespace', NAMESPACE, '-f', VALUES.ha]);
    expect(result.code, result.stderr).to.equal(0);
    const notes = result.stdout.slice(result.stdout.indexOf('NOTES:'));
    expect(notes).to.include('https://tract.example.com/webhook/jira').and.include('https://tract.example.com/webhook/git/team-a/app');
    expect(notes).to.include('--from-literal=jiraSecret=').and.include('--from-literal=apiToken=');
    const sample = /cat <<YAML \| kubectl apply -f -\n([\s\S]*?)\n\s*YAML/.exec(notes)?.[1];
    const manifest = parseYaml(sample!.replace(/^ {2}/gm, '')) as { apiVersion: string; kind: string; spec: unknown };
    expect(manifest).to.include({ apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo' });
    expect(compileSpecValidator()(manifest.spec)).to.deep.equal([]);
  });
});
