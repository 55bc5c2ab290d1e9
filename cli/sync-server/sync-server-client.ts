import { API_ERROR_REASONS, decodeReason, type ApiErrorReason } from '../../shared/core/error-reasons.ts';
import { AuthError, InternalError, TransientError } from '../../shared/core/tract-error.ts';
import { probeTcp } from './probe-tcp.ts';
import type { ApiErrorBody, HealthAnswer, RepoDetail, RepoSummary, WorklogSyncState } from './sync-api-types.ts';

export interface SyncServerClientOptions {
  baseUrl: string;
  /** Bearer token for `/api/v1/…` when the controller requires one. */
  token?: string;
  /** Bound of the whole health check (TCP probe + `GET /health`). */
  healthTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export type Health = { reachable: true; version: string } | { reachable: false; reason: string };

export type SyncRequestOutcome = 'accepted' | 'not-found' | 'suspended';

/**
 * The controller's HTTP API (docs/controller-api.md), read-only except for the sync trigger.
 * Raw failures are classified here once: network and 5xx → TransientError, 401/403 → AuthError,
 * anything unexpected → InternalError. 404 is an answer (`undefined`), not an error.
 */
export class SyncServerClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly healthTimeoutMs: number;
  private readonly requestTimeoutMs: number;

  constructor(options: SyncServerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.healthTimeoutMs = options.healthTimeoutMs ?? 1500;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  }

  /** The server URL without credentials, for messages. */
  get displayUrl(): string {
    return this.baseUrl.replace(/\/\/[^@/]*@/, '//');
  }

  async fetchHealth(): Promise<Health> {
    // Date.now(), not performance.now(): the global `performance` loads perf_hooks, ~1 ms of `tract log`.
    const startedAt = Date.now();
    if (!(await probeTcp(new URL(this.baseUrl), this.healthTimeoutMs))) {
      return { reachable: false, reason: 'connection refused or timed out' };
    }
    const remainingMs = Math.max(100, Math.round(this.healthTimeoutMs - (Date.now() - startedAt)));
    try {
      const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(remainingMs) });
      const body = (await response.json().catch(() => undefined)) as Partial<HealthAnswer> | undefined;
      if (response.ok && body?.status === 'ok') return { reachable: true, version: String(body.version ?? 'unknown') };
      return { reachable: false, reason: `GET /health answered ${response.status}` };
    } catch (err) {
      return { reachable: false, reason: networkReason(err) };
    }
  }

  async fetchRepos(): Promise<RepoSummary[]> {
    const body = await this.request<{ items: RepoSummary[] }>('GET', '/api/v1/repos');
    return body?.items ?? [];
  }

  /** `ref` is `<namespace>/<name>`. */
  async fetchRepo(ref: string): Promise<RepoDetail | undefined> {
    return this.request<RepoDetail>('GET', `/api/v1/repos/${ref}`);
  }

  async fetchWorklogState(id: string): Promise<WorklogSyncState | undefined> {
    return this.request<WorklogSyncState>('GET', `/api/v1/worklogs/${encodeURIComponent(id)}`);
  }

  async pushSyncRequest(ref: string): Promise<SyncRequestOutcome> {
    try {
      const body = await this.request<{ accepted: boolean }>('POST', `/api/v1/repos/${ref}/sync`);
      return body === undefined ? 'not-found' : 'accepted';
    } catch (err) {
      if (err instanceof SuspendedAnswer) return 'suspended';
      throw err;
    }
  }

  private async request<T>(method: 'GET' | 'POST', path: string): Promise<T | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, signal: AbortSignal.timeout(this.requestTimeoutMs) });
    } catch (err) {
      throw new TransientError(`Sync server ${this.displayUrl} unreachable: ${networkReason(err)}`, {
        reason: 'ServerUnreachable',
        cause: err,
      });
    }
    if (response.status === 404) return undefined;
    if (response.ok) return (await response.json()) as T;
    throw await this.classify(response, `${method} ${path}`);
  }

  private async classify(response: Response, what: string): Promise<Error> {
    const { reason, message: detail } = await readErrorEnvelope(response);
    const status = response.status;
    if (status === 401 || status === 403) {
      const hint = 'set TRACT_SYNC_TOKEN to a valid API token';
      return new AuthError(`Sync server ${this.displayUrl} refused ${what} (${status}): ${hint}`, { reason: 'Unauthorized' });
    }
    if (status === 409 && reason === 'Suspended') return new SuspendedAnswer(detail);
    if (status === 429 || status >= 500) {
      return new TransientError(`Sync server ${this.displayUrl} failed ${what} (${status}): ${detail}`, {
        reason: 'ServerError',
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      });
    }
    return new InternalError(`Sync server ${this.displayUrl} answered ${what} with ${status}: ${detail}`);
  }
}

/** The error envelope, its reason decoded: the body is the server's word, not ours. */
async function readErrorEnvelope(response: Response): Promise<{ reason: ApiErrorReason | undefined; message: string }> {
  const body = (await response.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined;
  return { reason: decodeReason(API_ERROR_REASONS, body?.error?.reason), message: body?.error?.message ?? response.statusText };
}

function retryAfterMs(header: string | null): number | undefined {
  const seconds = Number(header ?? NaN);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

class SuspendedAnswer extends Error {}

function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (err instanceof Error ? err.message : String(err));
}
