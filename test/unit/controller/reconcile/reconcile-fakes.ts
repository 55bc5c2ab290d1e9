/** In-memory ports for unit tests of the reconcile (test/support-style fakes, local to these tests). */
import { applyDefaults } from '../../../../controller/api/apply-defaults.ts';
import type { TractRepo, TractRepoSpecInput, TractRepoStatus } from '../../../../controller/api/tract-repo.ts';
import { silentLogger } from '../../../../controller/logging/create-logger.ts';
import type { EventType, Finalizers, RepoEvent, StatusWriter, TractRepoSource } from '../../../../controller/api/ports.ts';
import type { PassContext, PassSummary, ReconcileDeps, SyncPass } from '../../../../controller/reconcile/reconcile-tract-repo.ts';
import { RepoRuntimes } from '../../../../controller/reconcile/repo-runtime.ts';
import { JiraMailbox } from '../../../../controller/jira-intake/jira-mailbox.ts';
import { ControllerMetrics } from '../../../../controller/telemetry/metrics.ts';

export function tractRepo(name = 'app', spec: Partial<TractRepoSpecInput> = {}, generation = 1): TractRepo {
  return {
    apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', metadata: { name, namespace: 'default', generation },
    spec: applyDefaults({ git: { url: 'https://git.example.com/app.git' }, jira: { url: 'https://example.atlassian.net', secretRef: { name: 'jira' } }, ...spec }),
  };
}

export class FakeSource implements TractRepoSource {
  readonly repos = new Map<string, TractRepo>();
  readonly invalid = new Map<string, string>();
  onEvent: ((event: RepoEvent) => void) | undefined;

  put(repo: TractRepo): void {
    this.repos.set(`${repo.metadata.namespace}/${repo.metadata.name}`, repo);
  }

  async start(onEvent: (event: RepoEvent) => void): Promise<void> {
    this.onEvent = onEvent;
  }

  get(key: string): TractRepo | undefined {
    return this.repos.get(key);
  }

  list(): TractRepo[] {
    return [...this.repos.values()];
  }

  validationError(key: string): string | undefined {
    return this.invalid.get(key);
  }

  async stop(): Promise<void> {
    this.onEvent = undefined;
  }
}

export class MemoryStatusWriter implements StatusWriter {
  readonly patches: { key: string; status: TractRepoStatus }[] = [];
  failNext = false;

  async patchStatus(key: string, status: TractRepoStatus): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('API server unavailable');
    }
    this.patches.push({ key, status: structuredClone(status) });
  }

  last(): TractRepoStatus {
    return this.patches.at(-1)!.status;
  }
}

export class FakePass implements SyncPass {
  readonly runs: string[] = [];
  readonly cleanups: string[] = [];
  next: ((repo: TractRepo, context: PassContext) => Promise<PassSummary>) | undefined;

  async run(repo: TractRepo, context: PassContext): Promise<PassSummary> {
    this.runs.push(repo.metadata.name);
    if (this.next) return this.next(repo, context);
    return okSummary();
  }

  async cleanup(key: string): Promise<void> {
    this.cleanups.push(key);
  }
}

export function okSummary(overrides: Partial<PassSummary> = {}): PassSummary {
  return {
    facts: { lastSyncedCommit: 'c0ffee0000', lastSyncTime: '2026-02-14T10:00:00.000Z', pending: 0, failed: 0, summary: { created: 1, updated: 0, deleted: 0, skipped: 0, failed: 0 } },
    failures: [],
    message: 'synced main@c0ffee0: 1 created, 0 updated, 0 deleted in Jira',
    ...overrides,
  };
}

export class FakeFinalizers implements Finalizers {
  readonly calls: string[] = [];

  has(repo: TractRepo): boolean {
    return repo.metadata.finalizers?.includes('finalizers.tract.dev') ?? false;
  }

  async add(key: string): Promise<void> {
    this.calls.push(`add ${key}`);
  }

  async remove(key: string): Promise<void> {
    this.calls.push(`remove ${key}`);
  }
}

export class ManualClock {
  ms = Date.parse('2026-02-14T10:00:00Z');
  now(): Date {
    return new Date(this.ms);
  }
}

export interface Fixture {
  deps: ReconcileDeps;
  source: FakeSource;
  status: MemoryStatusWriter;
  pass: FakePass;
  events: { key: string; type: EventType; reason: string; message: string }[];
  clock: ManualClock;
}

export function fixture(finalizers?: Finalizers): Fixture {
  const source = new FakeSource();
  const status = new MemoryStatusWriter();
  const pass = new FakePass();
  const clock = new ManualClock();
  const events: Fixture['events'] = [];
  const deps: ReconcileDeps = {
    source, statusWriter: status, pass, mailbox: new JiraMailbox(), clock, runtimes: new RepoRuntimes(), logger: silentLogger(), metrics: new ControllerMetrics({ defaultMetrics: false }),
    events: { record: (key, type, reason, message) => void events.push({ key, type, reason, message }) },
    ...(finalizers ? { finalizers } : {}),
  };
  return { deps, source, status, pass, events, clock };
}
