/**
 * A fake of the Tract controller's HTTP API (docs/controller-api.md) for CLI tests: express on port 0,
 * the same routes, bodies and error envelope as the real controller, so end-to-end tests can swap in the
 * controller later without CLI changes. It reads the repos' bare remotes with real git to learn which
 * records exist (as the controller does after a push), and is steerable: up/down, per-record states,
 * per-issue Jira failures, response delays, API token, and a "hold" mode where nothing gets synced.
 */
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Request, Response, NextFunction } from 'express';
import type {
  QueueEntryState,
  RecordError,
  RepoDetail,
  RepoSummary,
  SyncFailure,
  SyncState,
  WorklogSyncState,
} from '../../cli/sync-server/sync-api-types.ts';

export interface FakeRepo {
  namespace: string;
  name: string;
  /** The bare remote the clone pushes to. */
  gitDir: string;
  gitUrl?: string;
  branch?: string;
  suspended?: boolean;
}

export type FakeMode = 'sync' | 'hold';

interface RecordState {
  id: string;
  repo: string;
  issue: string;
  file: string;
  state: SyncState;
  error: SyncFailure | null;
  jira: { worklogId: string; issueId: string } | null;
  updatedAt: string;
}

export interface FakeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export class FakeSyncServer {
  readonly requests: FakeRequest[] = [];
  private readonly repos = new Map<string, FakeRepo>();
  private readonly records = new Map<string, RecordState>();
  private readonly pinned = new Map<string, { state: SyncState; error: SyncFailure | null }>();
  private readonly issueFailures = new Map<string, SyncFailure>();
  private readonly app = express();
  private server: Server | undefined;
  private port = 0;
  private mode: FakeMode = 'sync';
  private delayMs = 0;
  private token: string | undefined;
  private nextJiraId = 10000;

  static async start(options: { token?: string } = {}): Promise<FakeSyncServer> {
    const fake = new FakeSyncServer();
    fake.token = options.token;
    fake.routes();
    await fake.up();
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  addRepo(repo: FakeRepo): void {
    this.repos.set(`${repo.namespace}/${repo.name}`, repo);
  }

  /** Every record on `issue` fails, as Jira would answer for an unknown issue. */
  failIssue(issue: string, message = `Issue ${issue} not found in Jira`, reason = 'IssueNotFound'): void {
    this.issueFailures.set(issue, { reason, message });
  }

  /** Pins one record's state, whatever a sync would decide. */
  setWorklogState(id: string, state: SyncState, error: SyncFailure | null = null): void {
    this.pinned.set(id, { state, error });
  }

  /** `hold`: syncs never run, so the CLI's wait runs into its timeout. */
  setMode(mode: FakeMode): void {
    this.mode = mode;
  }

  /** Delays every answer (a slow server); `Infinity`: no answer ever comes (until `down()` cuts it). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** The known state of a record, as `GET /api/v1/worklogs/<id>` would answer. */
  state(id: string): RecordState | undefined {
    return this.records.get(id);
  }

  /** Stops listening: connections to the same port are refused until `up()`. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }

  async up(): Promise<void> {
    if (this.server !== undefined) return;
    await new Promise<void>((resolve, reject) => {
      const server = this.app.listen(this.port, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve()));
      this.server = server;
    });
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await this.down();
  }

  private routes(): void {
    this.app.use((req, _res, next) => {
      this.requests.push({ method: req.method, path: req.path, authorization: req.get('authorization') });
      if (this.delayMs !== Number.POSITIVE_INFINITY) setTimeout(next, this.delayMs);
    });
    this.app.get('/health', (_req, res) => void res.json({ status: 'ok', version: '1.0.0' }));
    this.app.use('/api/v1', (req, res, next) => this.authorize(req, res, next));
    this.app.get('/api/v1/repos', (_req, res) => void res.json({ items: [...this.repos.values()].map((r) => this.summary(r)) }));
    this.app.get('/api/v1/repos/:ns/:name', (req, res) => this.getRepo(req, res));
    this.app.post('/api/v1/repos/:ns/:name/sync', (req, res) => this.postSync(req, res));
    this.app.get('/api/v1/worklogs/:id', (req, res) => this.getWorklog(req, res));
    this.app.use((_req: Request, res: Response) => void fail(res, 404, 'NotFound', 'No such route'));
  }

  private authorize(req: Request, res: Response, next: NextFunction): void {
    if (this.token === undefined || req.get('authorization') === `Bearer ${this.token}`) return next();
    fail(res, 401, 'Unauthorized', 'A valid API token is required');
  }

  private getRepo(req: Request, res: Response): void {
    const repo = this.repos.get(`${String(req.params.ns)}/${String(req.params.name)}`);
    if (repo === undefined) return fail(res, 404, 'NotFound', `TractRepo ${String(req.params.ns)}/${String(req.params.name)} is not managed by this controller`);
    res.json(this.detail(repo));
  }

  private postSync(req: Request, res: Response): void {
    const ref = `${String(req.params.ns)}/${String(req.params.name)}`;
    const repo = this.repos.get(ref);
    if (repo === undefined) return fail(res, 404, 'NotFound', `TractRepo ${ref} is not managed by this controller`);
    if (repo.suspended) return fail(res, 409, 'Suspended', `TractRepo ${ref} is suspended`);
    if (this.mode === 'sync') this.syncRepo(repo);
    res.status(202).json({ accepted: true, repo: ref });
  }

  private getWorklog(req: Request, res: Response): void {
    const id = String(req.params.id);
    // The real controller also polls its repos; reading the remotes here stands in for that poll.
    if (this.mode === 'sync' && !this.records.has(id)) for (const repo of this.repos.values()) this.syncRepo(repo);
    const record = this.records.get(id);
    if (record === undefined) return fail(res, 404, 'NotFound', `Worklog ${id} has not been seen yet`);
    const answer: WorklogSyncState = {
      id: record.id,
      repo: record.repo,
      issue: record.issue,
      state: record.state,
      jira: record.jira,
      error: record.error,
      updatedAt: record.updatedAt,
    };
    res.json(answer);
  }

  /** What a sync of the branch tip decides for each record (no Jira, no write-back to git). */
  private syncRepo(repo: FakeRepo): void {
    const ref = `${repo.namespace}/${repo.name}`;
    for (const line of readRemoteRecords(repo)) {
      const pinned = this.pinned.get(line.id);
      const failure = this.issueFailures.get(line.issue) ?? null;
      const state: SyncState = pinned?.state ?? (failure ? 'failed' : 'synced');
      const previous = this.records.get(line.id);
      const jira = state === 'synced' ? (previous?.jira ?? { worklogId: String(this.nextJiraId++), issueId: '12345' }) : null;
      const error = pinned ? pinned.error : failure;
      this.records.set(line.id, { id: line.id, repo: ref, issue: line.issue, file: line.file, state, error, jira, updatedAt: new Date().toISOString() });
    }
  }

  private summary(repo: FakeRepo): RepoSummary {
    const mine = [...this.records.values()].filter((r) => r.repo === `${repo.namespace}/${repo.name}`);
    return {
      namespace: repo.namespace,
      name: repo.name,
      gitUrl: repo.gitUrl ?? repo.gitDir,
      branch: repo.branch ?? 'main',
      jiraUrl: 'http://127.0.0.1:8080',
      ready: 'True',
      reason: 'Succeeded',
      message: 'Synced',
      suspended: repo.suspended ?? false,
      pending: mine.filter((r) => r.state === 'pending').length,
      failed: mine.filter((r) => r.state === 'failed').length,
      lastSyncedCommit: null,
      lastSyncTime: null,
      webhookPath: `/webhook/jira/${repo.namespace}/${repo.name}`,
    };
  }

  private detail(repo: FakeRepo): RepoDetail {
    const ref = `${repo.namespace}/${repo.name}`;
    const queue: QueueEntryState[] = readRemoteQueue(repo).map((entry) => {
      const record = this.records.get(entry.worklogId);
      return { ...entry, state: record?.state ?? 'pending', ...(record?.error ? { error: record.error } : {}) };
    });
    const errors: RecordError[] = [...this.records.values()]
      .filter((r) => r.repo === ref && r.state === 'failed' && r.error !== null)
      .map((r) => ({ worklogId: r.id, issue: r.issue, file: r.file, reason: r.error!.reason, message: r.error!.message, since: r.updatedAt }));
    return { ...this.summary(repo), conditions: [], queue, errors, problems: [], missing: [] };
  }
}

function fail(res: Response, status: number, reason: string, message: string): void {
  res.status(status).json({ error: { reason, message } });
}

function git(repo: FakeRepo, args: string[]): string {
  try {
    return execFileSync('git', ['--git-dir', repo.gitDir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

function listFiles(repo: FakeRepo, dir: string): string[] {
  return git(repo, ['ls-tree', '-r', '--name-only', repo.branch ?? 'main', '--', dir]).split('\n').filter(Boolean);
}

function readRemoteRecords(repo: FakeRepo): { id: string; issue: string; file: string }[] {
  return listFiles(repo, 'worklogs')
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) =>
      git(repo, ['show', `${repo.branch ?? 'main'}:${file}`])
        .split('\n')
        .flatMap((line) => {
          try {
            const value = JSON.parse(line) as { id?: unknown; issue?: unknown };
            return typeof value.id === 'string' && typeof value.issue === 'string' ? [{ id: value.id, issue: value.issue, file }] : [];
          } catch {
            return [];
          }
        }),
    );
}

function readRemoteQueue(repo: FakeRepo): Omit<QueueEntryState, 'state'>[] {
  return listFiles(repo, '.tract/queue/worklogs')
    .sort()
    .map((file) => {
      const entry = JSON.parse(git(repo, ['show', `${repo.branch ?? 'main'}:${file}`]) || '{}') as Record<string, string>;
      return { file, worklogId: entry.worklogId ?? '', queuedAt: entry.queuedAt ?? '', reason: entry.reason ?? '' };
    });
}
