/**
 * Turns what `@kubernetes/client-node` throws (ApiException with the API server's Status body, or an
 * undici network failure) into the TractError classes, once, here. Messages are one line and carry
 * the API server's own message (never headers or bodies, which may be long).
 */
import { AuthError, ConflictError, TransientError, ValidationError } from '../../shared/core/tract-error.ts';
import type { TractError } from '../../shared/core/tract-error.ts';

/** The HTTP status of a failed API call, or undefined when no answer came (network, timeout). */
export function kubeStatusCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' && code >= 100 && code < 600 ? code : undefined;
}

/** `action` names what was tried, e.g. `patch the status of TractRepo team-a/app`. */
export function classifyKubeError(err: unknown, action: string): TractError {
  const code = kubeStatusCode(err);
  if (code === undefined) {
    return new TransientError(`Kubernetes API unreachable (${action}): ${networkDetail(err)}`, { reason: 'KubeUnavailable', cause: err });
  }
  const detail = `${action}: ${code} ${statusMessage(err)}`;
  if (code === 401 || code === 403) return new AuthError(`Kubernetes API refused to ${detail}; check the controller's credentials and RBAC`, { reason: 'KubeForbidden', cause: err });
  if (code === 409) return new ConflictError(`Kubernetes API conflict, cannot ${detail}`, { reason: 'KubeConflict', cause: err });
  if (code === 429 || code >= 500) {
    return new TransientError(`Kubernetes API busy, cannot ${detail}`, { reason: 'KubeUnavailable', cause: err, ...retryAfter(err) });
  }
  if (code === 404) return new ValidationError(`Kubernetes API: not found, cannot ${detail}`, { reason: 'KubeNotFound', cause: err });
  return new ValidationError(`Kubernetes API rejected the request to ${detail}`, { reason: 'KubeInvalid', cause: err });
}

function statusMessage(err: unknown): string {
  const body = (err as { body?: unknown }).body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  const message = typeof parsed === 'object' && parsed !== null ? (parsed as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? oneLine(message) : 'no message';
}

function retryAfter(err: unknown): { retryAfterMs?: number } {
  const headers = (err as { headers?: Record<string, string> }).headers ?? {};
  const value = Number(headers['retry-after'] ?? headers['Retry-After']);
  return Number.isFinite(value) && value > 0 ? { retryAfterMs: value * 1000 } : {};
}

function networkDetail(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return err instanceof Error ? oneLine(err.message) : String(err);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
