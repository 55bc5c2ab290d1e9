/**
 * The HTTP transport under jira.js: an implementation of jira.js's documented `Client` interface
 * (`createCloudClient` accepts one). Every endpoint, parameter and response schema still comes from
 * jira.js; this layer adds what jira.js 6.2's built-in transport lacks and the sync needs:
 * - a timeout per request (jira.js 6.2 has no AbortSignal; 6.3 adds `signal`),
 * - the response headers of failures: `RateLimit-Reason` decides whether a 429 slows one issue or the
 *   whole site (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/), and
 * - a hook that reports every call (operation, status, duration) to metrics.
 * Failures are thrown as `JiraHttpFailure` and classified with context by `classifyJiraFailure`.
 */
import type { Client, SendRequestOptions } from 'jira.js/core';

export type JiraAuth =
  | { type: 'basic'; email: string; apiToken: string }
  | { type: 'bearer'; token: string };

export interface JiraCallReport {
  method: string;
  path: string;
  status: number | 'network' | 'timeout';
  durationMs: number;
}

export interface JiraTransportOptions {
  host: string;
  auth: JiraAuth;
  timeoutMs?: number;
  onCall?: (report: JiraCallReport) => void;
}

/** An answer Jira gave with a non-2xx status, or no answer at all (`status` 0). */
export class JiraHttpFailure extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers | undefined;
  readonly method: string;
  /** True when the request may have reached Jira but its outcome is unknown (timeout, reset). */
  readonly outcomeUnknown: boolean;

  constructor(init: { message: string; status: number; body?: unknown; headers?: Headers; method: string; outcomeUnknown?: boolean; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'JiraHttpFailure';
    this.status = init.status;
    this.body = init.body;
    this.headers = init.headers;
    this.method = init.method;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }
}

/** Thrown when Jira answers 2xx with a body jira.js's schema rejects. */
export class JiraSchemaMismatch extends Error {
  override readonly name = 'JiraSchemaMismatch';
}

export function createJiraTransport(options: JiraTransportOptions): Client {
  const host = options.host.replace(/\/+$/, '');
  const authorization = authorizationHeader(options.auth);
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async sendRequest<T>(request: SendRequestOptions<T>): Promise<T> {
      const method = request.method ?? 'GET';
      const path = request.url.startsWith('/') ? request.url : `/${request.url}`;
      const started = performance.now();
      const report = (status: JiraCallReport['status']): void =>
        options.onCall?.({ method, path, status, durationMs: performance.now() - started });
      const response = await send(`${host}${path}${searchString(request.searchParams)}`, {
        method,
        headers: requestHeaders(authorization, request),
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeoutMs,
      }).catch((err: unknown) => {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        report(timedOut ? 'timeout' : 'network');
        throw new JiraHttpFailure({
          message: timedOut ? `no answer from Jira within ${timeoutMs} ms` : `could not reach Jira (${networkCode(err)})`,
          status: 0,
          method,
          outcomeUnknown: method !== 'GET',
          cause: err,
        });
      });
      report(response.status);
      return readResponse(response, request, method);
    },
  };
}

function authorizationHeader(auth: JiraAuth): string {
  if (auth.type === 'bearer') return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.email}:${auth.apiToken}`, 'utf8').toString('base64')}`;
}

function requestHeaders(authorization: string, request: SendRequestOptions<unknown>): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: authorization, ...request.headers };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  return headers;
}

function searchString(params: Record<string, unknown> | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function send(url: string, init: { method: string; headers: Record<string, string>; body: string | undefined; timeoutMs: number }): Promise<Response> {
  return fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(init.timeoutMs) });
}

async function readResponse<T>(response: Response, request: SendRequestOptions<T>, method: string): Promise<T> {
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) {
    throw new JiraHttpFailure({ message: `Jira answered ${response.status}`, status: response.status, body, headers: response.headers, method });
  }
  if (response.status === 204 || body === undefined) return undefined as T;
  if (!request.schema) return body as T;
  const parsed = request.schema.safeParse(body);
  if (!parsed.success) {
    throw new JiraSchemaMismatch(`Jira's answer to ${method} ${request.url} did not match the expected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function networkCode(err: unknown): string {
  let cursor: unknown = err;
  for (let depth = 0; cursor instanceof Error && depth < 5; depth += 1) {
    const code = (cursor as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cursor = cursor.cause;
  }
  return err instanceof Error ? err.message : 'unknown error';
}
