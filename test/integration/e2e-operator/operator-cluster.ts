/**
 * The Kubernetes API an operator world runs against: the real one (etcd + kube-apiserver, RBAC on, the
 * CRD from `crds/` and the chart's ServiceAccount and RBAC applied with the real kubectl, the controller
 * authenticated as that ServiceAccount) or the project's test double (test/support/kube-api-server).
 * docs/operator.md, "The real Kubernetes API server", says which tests run where.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { fileURLToPath } from 'node:url';
import { startKubeApiServer } from '../../support/kube-api-server/start-kube-api-server.ts';
import type { KubeApiServer } from '../../support/kube-api-server/start-kube-api-server.ts';
import { startRealKube } from '../../support/real-kube/start-real-kube.ts';
import type { RealKube } from '../../support/real-kube/start-real-kube.ts';
import { NAMESPACE, renderChart } from '../deploy/helm.ts';

export type ClusterKind = 'real' | 'double';

/** One Kubernetes API request of the controller: RBAC's view of it. */
export interface ControllerRequest {
  verb: string;
  /** `tractrepos.tract.dev`, `secrets`, `leases.coordination.k8s.io`, … */
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  code?: number;
}

export interface OperatorCluster {
  kind: ClusterKind;
  /** The test's own client (on the real server: system:masters). */
  admin: KubeConfig;
  /** The kubeconfig file the controller processes use. */
  controllerKubeconfig: string;
  /** Environment the controller needs here (the Lease namespace). */
  controllerEnv: Record<string, string>;
  leaseNamespace: string;
  /** Every request the controller processes sent so far. */
  controllerRequests(): ControllerRequest[];
  /** Set on the real server. */
  real?: RealKube;
  /** Set on the double. */
  double?: KubeApiServer;
  close(): Promise<void>;
}

const CRD = fileURLToPath(new URL('../../../crds/tractrepos.tract.dev.yaml', import.meta.url));
const CHART_RBAC_KINDS = ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];
const CONTROLLER_TOKEN = 'controller-token';

/** How the chart is installed on the real server: all namespaces (default) or only `watchNamespaces`. */
export interface InstallOptions {
  watchNamespaces?: string[];
}

export function startOperatorCluster(kind: ClusterKind, install: InstallOptions = {}): Promise<OperatorCluster> {
  return kind === 'real' ? startRealCluster(install) : startDoubleCluster();
}

async function startDoubleCluster(): Promise<OperatorCluster> {
  const api = await startKubeApiServer();
  const admin = new KubeConfig();
  admin.loadFromOptions(api.kubeConfig());
  const controllerKubeconfig = JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'test',
    clusters: [{ name: 'test', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'controller', user: { token: CONTROLLER_TOKEN } }],
    contexts: [{ name: 'test', context: { cluster: 'test', user: 'controller', namespace: 'default' } }],
  });
  return {
    kind: 'double', admin, controllerKubeconfig, controllerEnv: {}, leaseNamespace: 'default', double: api,
    controllerRequests: () => api.requestLog.filter((e) => e.token === CONTROLLER_TOKEN && e.verb !== undefined && e.resource !== undefined).map((e) => ({
      verb: e.verb!, resource: e.resource!, ...(e.subresource === undefined ? {} : { subresource: e.subresource }), ...(e.namespace === undefined ? {} : { namespace: e.namespace }), ...(e.name === undefined ? {} : { name: e.name }), ...(e.code === undefined ? {} : { code: e.code }),
    })),
    close: () => api.close(),
  };
}

async function startRealCluster(install: InstallOptions): Promise<OperatorCluster> {
  const kube = await startRealKube();
  try {
    const serviceAccount = await installTract(kube, install.watchNamespaces ?? []);
    const token = await kube.serviceAccountToken(NAMESPACE, serviceAccount);
    const admin = new KubeConfig();
    admin.loadFromOptions(kube.kubeConfig());
    const user = `system:serviceaccount:${NAMESPACE}:${serviceAccount}`;
    return {
      kind: 'real', admin, real: kube, leaseNamespace: NAMESPACE,
      controllerKubeconfig: kube.kubeconfigYaml({ token }),
      controllerEnv: { POD_NAMESPACE: NAMESPACE, ...(install.watchNamespaces ? { TRACT_WATCH_NAMESPACES: install.watchNamespaces.join(',') } : {}) },
      controllerRequests: () => kube.auditEvents().filter((e) => e.user.username === user && e.objectRef?.resource !== undefined).map((e) => ({
        verb: e.verb,
        resource: e.objectRef!.apiGroup ? `${e.objectRef!.resource!}.${e.objectRef!.apiGroup}` : e.objectRef!.resource!,
        ...(e.objectRef!.subresource === undefined ? {} : { subresource: e.objectRef!.subresource }),
        ...(e.objectRef!.namespace === undefined ? {} : { namespace: e.objectRef!.namespace }),
        ...(e.objectRef!.name === undefined ? {} : { name: e.objectRef!.name }),
        ...(e.responseStatus?.code === undefined ? {} : { code: e.responseStatus.code }),
      })),
      close: () => kube.close(),
    };
  } catch (err) {
    await kube.close();
    throw err;
  }
}

/**
 * Applies the CRD and the chart's ServiceAccount and RBAC (leader election on; per-namespace Roles when
 * `watchNamespaces` is not empty), as `helm install` would; the ServiceAccount's name.
 */
async function installTract(kube: RealKube, watchNamespaces: string[]): Promise<string> {
  await kubectlOk(kube, ['apply', '-f', CRD]);
  await kubectlOk(kube, ['create', 'namespace', NAMESPACE]);
  const sets = ['leaderElection.enabled=true', ...(watchNamespaces.length > 0 ? [`watchNamespaces={${watchNamespaces.join(',')}}`] : [])];
  const objects = (await renderChart([], sets)).filter((o) => CHART_RBAC_KINDS.includes(o.kind));
  await kubectlOk(kube, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  await kubectlOk(kube, ['wait', '--for=condition=Established', '--timeout=60s', 'crd/tractrepos.tract.dev']);
  const serviceAccount = objects.find((o) => o.kind === 'ServiceAccount')?.metadata?.name;
  if (serviceAccount === undefined) throw new Error('the chart rendered no ServiceAccount');
  // RBAC takes effect once the authorizer's cache has the new bindings.
  const as = `--as=system:serviceaccount:${NAMESPACE}:${serviceAccount}`;
  for (let attempt = 0; ; attempt += 1) {
    const where = watchNamespaces.length > 0 ? ['-n', watchNamespaces[0]!] : ['--all-namespaces'];
    const can = await kube.kubectl(['auth', 'can-i', 'list', 'tractrepos.tract.dev', ...where, as]);
    if (can.stdout.trim() === 'yes') break;
    if (attempt > 100) throw new Error(`the chart's ClusterRole never took effect: ${can.stdout}${can.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return serviceAccount;
}

async function kubectlOk(kube: RealKube, args: readonly string[], input?: string): Promise<string> {
  const result = await kube.kubectl(args, input);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}
