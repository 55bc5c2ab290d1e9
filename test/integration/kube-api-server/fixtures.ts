/** Shared setup of the kube-api-server tests: a server, client-node clients, manifests. */
import { CoordinationV1Api, CoreV1Api, CustomObjectsApi, EventsV1Api, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { expect } from 'chai';
import { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from '../../support/kube-api-server/start-kube-api-server.ts';

export const TR = { group: 'tract.dev', version: 'v1alpha1', plural: 'tractrepos' } as const;

export interface Harness {
  api: KubeApiServer;
  kc: KubeConfig;
  custom: CustomObjectsApi;
  core: CoreV1Api;
  coordination: CoordinationV1Api;
  events: EventsV1Api;
  objects: KubernetesObjectApi;
}

export async function startHarness(options: KubeApiServerOptions = {}): Promise<Harness> {
  const api = await startKubeApiServer(options);
  const kc = new KubeConfig();
  kc.loadFromOptions(api.kubeConfig());
  return {
    api,
    kc,
    custom: kc.makeApiClient(CustomObjectsApi),
    core: kc.makeApiClient(CoreV1Api),
    coordination: kc.makeApiClient(CoordinationV1Api),
    events: kc.makeApiClient(EventsV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
}

/** A valid TractRepo manifest; `spec` entries replace the defaults' top-level fields. */
export function tractRepo(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name, ...metadata },
    spec: {
      git: { url: 'https://git.example.com/team/app.git' },
      jira: { url: 'https://example.atlassian.net', secretRef: { name: 'jira-credentials' } },
      ...spec,
    },
  };
}

export interface StatusBody {
  kind: string;
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { reason: string; message: string; field?: string }[]; retryAfterSeconds?: number };
}

/** Awaits a call that must fail with `code`; returns the Status body the server sent. */
export async function expectStatus(call: Promise<unknown>, code: number): Promise<StatusBody> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: number; body?: unknown };
    expect(e.code, String(err)).to.equal(code);
    const body = typeof e.body === 'string' ? (JSON.parse(e.body) as StatusBody) : (e.body as StatusBody);
    expect(body.kind).to.equal('Status');
    expect(body.code).to.equal(code);
    return body;
  }
  expect.fail(`expected the call to fail with ${code}`);
}

export interface RepoObject {
  metadata: { name: string; resourceVersion: string; generation: number; uid: string; finalizers?: string[]; deletionTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  status?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Resolves once `predicate` holds, polling the event loop (no fixed sleeps); fails after `timeoutMs`. */
export async function eventually(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) expect.fail('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
