/** Failures a test asks for in advance: the next request(s) matching a pattern get a Status instead. */
import { failure, type KubeStatus } from './kube-status.ts';

/** One request as the server saw it, kept in `requestLog`. */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  verb?: string;
  /** `tractrepos.tract.dev`, `secrets`, `leases.coordination.k8s.io`, … */
  resource?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The HTTP status answered (200 for a watch that was started). */
  code?: number;
  /** The bearer token the client sent, if any: tells the controller's requests from the test's own. */
  token?: string;
}

/** Fields that must all equal the request's, or a predicate over the logged request. */
export type RequestMatcher =
  | Partial<Pick<RequestLogEntry, 'method' | 'verb' | 'resource' | 'namespace' | 'name' | 'subresource'>>
  | ((request: RequestLogEntry) => boolean);

export interface InjectedStatus {
  code: number;
  /** Default by code: 409 Conflict, 429 TooManyRequests, 500 InternalError, 503 ServiceUnavailable, … */
  reason?: string;
  message?: string;
  /** Sent as `Retry-After` and in `details.retryAfterSeconds`. */
  retryAfterSeconds?: number;
}

const DEFAULT_REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

interface Pending {
  matcher: RequestMatcher;
  status: InjectedStatus;
  remaining: number;
}

export class InjectedFailures {
  private pending: Pending[] = [];

  add(matcher: RequestMatcher, status: InjectedStatus, times: number): void {
    this.pending.push({ matcher, status, remaining: times });
  }

  /** The failure to answer `request` with, if one matches (and counts it as used). */
  take(request: RequestLogEntry): { status: KubeStatus; retryAfterSeconds?: number } | undefined {
    const hit = this.pending.find((p) => matches(p.matcher, request));
    if (hit === undefined) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.pending = this.pending.filter((p) => p !== hit);
    const { code, reason, message, retryAfterSeconds } = hit.status;
    const status = failure(code, reason ?? DEFAULT_REASONS[code] ?? 'Unknown', message ?? `injected failure (${code})`, {
      ...(request.name === undefined ? {} : { name: request.name }),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
    return { status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }

  clear(): void {
    this.pending = [];
  }
}

function matches(matcher: RequestMatcher, request: RequestLogEntry): boolean {
  if (typeof matcher === 'function') return matcher(request);
  return Object.entries(matcher).every(([key, value]) => request[key as keyof RequestLogEntry] === value);
}
