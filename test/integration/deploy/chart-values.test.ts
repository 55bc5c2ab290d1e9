/**
 * What the chart refuses and what it promises operators (real helm 4): values that would render broken
 * objects are refused by values.schema.json, the HA values enable exactly one monitor, every object and
 * pod carries the standard labels, and NOTES.txt speaks of the release's own namespace and warns about
 * the placeholder image.
 */
import { expect } from 'chai';
import { NAMESPACE, find, helm, renderChart } from './helm.ts';
import { validateWithModels } from './validate-manifests.ts';
import type { KubeObject } from './validate-manifests.ts';

const STANDARD_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/version', 'app.kubernetes.io/component', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/part-of', 'helm.sh/chart'];

async function refusal(values: readonly string[], sets: readonly string[]): Promise<string> {
  const result = await helm(['template', 'tract', '.', ...values.flatMap((f) => ['-f', f]), ...sets.flatMap((s) => ['--set', s])]);
  expect(result.code, `${sets.join(' ')} was accepted`).to.not.equal(0);
  return result.stderr;
}

async function notes(sets: readonly string[], namespace = 'tract-ops'): Promise<string> {
  const result = await helm(['install', 'tract', '.', '--dry-run=client', '--namespace', namespace, ...sets.flatMap((s) => ['--set', s])]);
  expect(result.code, result.stderr).to.equal(0);
  return result.stdout.slice(result.stdout.indexOf('NOTES:'));
}

describe('Helm chart values: refusals, labels, NOTES (real helm)', function () {
  this.timeout(120_000);

  it('refuses Prometheus durations Prometheus cannot parse (1.5m) in monitors and alerts, and takes whole units', async () => {
    for (const set of ['metrics.serviceMonitor.interval=1.5m', 'metrics.podMonitor.scrapeTimeout=0.5s', 'prometheusRule.readyFalseFor=1.5h', 'prometheusRule.failedRecordsFor=10', 'prometheusRule.controllerDownFor=']) {
      const key = set.split('=')[0]!.replaceAll('.', '/');
      expect(await refusal([], [set])).to.include(`at '/${key}'`);
    }
    const objects = await renderChart([], ['metrics.serviceMonitor.enabled=true', 'metrics.serviceMonitor.interval=1m30s', 'prometheusRule.enabled=true', 'prometheusRule.readyFalseFor=90s']);
    expect(find(objects, 'ServiceMonitor')[0]).to.deep.nested.include({ 'spec.endpoints[0].interval': '1m30s' });
  });

  it('refuses restricted egress without the API server’s address (it would cut the controller off the Kubernetes API)', async () => {
    const stderr = await refusal([], ['networkPolicy.enabled=true', 'networkPolicy.egress.enabled=true']);
    expect(stderr).to.include("at '/networkPolicy/egress/apiServerCIDRs': minItems");
    expect(await refusal([], ['networkPolicy.enabled=true', 'networkPolicy.egress.enabled=true', 'networkPolicy.egress.apiServerCIDRs=null'])).to.include("missing property 'apiServerCIDRs'");
    const allowed = await renderChart([], ['networkPolicy.enabled=true', 'networkPolicy.egress.enabled=true', 'networkPolicy.egress.apiServerCIDRs={10.0.0.1/32}']);
    expect(find(allowed, 'NetworkPolicy')).to.have.length(1);
  });

  it('HA NetworkPolicy lets standbys reach the leader on port http, in and out', async () => {
    const policy = find(await renderChart(['ci/ha-values.yaml']), 'NetworkPolicy')[0] as unknown as { spec: { ingress: { from?: unknown[] }[]; egress: { to?: unknown[]; ports: unknown[] }[] } };
    const siblings = [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'tract-controller', 'app.kubernetes.io/instance': 'tract' } } }];
    expect(policy.spec.ingress.map((rule) => rule.from)).to.deep.include(siblings);
    expect(policy.spec.egress).to.deep.include({ to: siblings, ports: [{ port: 'http', protocol: 'TCP' }] });
  });

  it('refuses an existing state claim with more than one replica', async () => {
    expect(await refusal([], ['replicaCount=2', 'leaderElection.enabled=true', 'state.existingClaim=tract-state'])).to.include("at '/state/existingClaim'");
    expect(find(await renderChart([], ['state.existingClaim=tract-state']), 'Deployment')).to.have.length(1);
  });

  it('refuses decimals given with --set where whole numbers are needed, and takes a decimal rate', async () => {
    for (const set of ['replicaCount=1.5', 'config.concurrency=2.5', 'prometheusRule.stalenessFactor=2.5', 'podDisruptionBudget.maxUnavailable=0.5', 'service.port=3100.5']) {
      const key = set.split('=')[0]!.replaceAll('.', '/');
      expect(await refusal([], [set]), set).to.include(`at '/${key}'`);
    }
    const rule = find(await renderChart([], ['prometheusRule.enabled=true', 'prometheusRule.jiraRateLimitedPerSecond=0.2']), 'PrometheusRule')[0]!;
    expect(JSON.stringify(rule)).to.include('rate(tract_jira_rate_limited_total[5m])) > 0.2');
    expect(await refusal([], ['prometheusRule.jiraRateLimitedPerSecond=0'])).to.include("at '/prometheusRule/jiraRateLimitedPerSecond'");
  });

  it('refuses both monitors at once, and the HA values enable exactly one', async () => {
    expect(await refusal([], ['metrics.serviceMonitor.enabled=true', 'metrics.podMonitor.enabled=true'])).to.include("at '/metrics/podMonitor/enabled'");
    const ha = await renderChart(['ci/ha-values.yaml']);
    expect([...find(ha, 'ServiceMonitor'), ...find(ha, 'PodMonitor')]).to.have.length(1);
    const withPodMonitor = await renderChart([], ['metrics.podMonitor.enabled=true', 'prometheusRule.enabled=true']);
    expect(await validateWithModels(withPodMonitor)).to.deep.equal([]);
    const podMonitor = find(withPodMonitor, 'PodMonitor')[0] as KubeObject & { spec: { podMetricsEndpoints: { relabelings: unknown[] }[] } };
    expect(podMonitor.spec.podMetricsEndpoints[0]!.relabelings).to.deep.equal([{ action: 'replace', targetLabel: 'job', replacement: 'tract-tract-controller' }]);
  });

  it('every object and the pods carry the standard labels (version, chart, component, …)', async () => {
    const objects = await renderChart(['ci/ha-values.yaml']);
    for (const object of objects) {
      const labels = (object.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
      expect(Object.keys(labels), `${object.kind}/${object.metadata?.name}`).to.include.members(STANDARD_LABELS);
    }
    const pod = (find(objects, 'Deployment')[0] as unknown as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata.labels;
    expect(pod).to.include({ 'app.kubernetes.io/version': '1.0.0', 'app.kubernetes.io/component': 'controller', 'helm.sh/chart': 'tract-controller-0.1.0' });
  });

  it('NOTES.txt uses the release’s namespace (or the first watched one), never a fixed one', async () => {
    const text = await notes([]);
    expect(text).to.include('installed as tract-tract-controller in tract-ops').and.include('kubectl -n tract-ops create secret').and.include('namespace: tract-ops');
    expect(text).to.not.include('team-a');
    expect(await notes(['watchNamespaces={team-b}'], NAMESPACE)).to.include('kubectl -n team-b create secret').and.include('/webhook/git/team-b/app');
  });

  it('NOTES.txt warns about the placeholder image, and not once a real image is set', async () => {
    expect(await notes([])).to.include('WARNING: image.repository is the placeholder "tract-controller"');
    expect(await notes(['image.repository=registry.example.com/tract/tract-controller'])).to.not.include('placeholder');
  });
});
