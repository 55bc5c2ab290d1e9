import { webhookSignature } from './webhook-signature.ts';

/** One webhook delivery (all its attempts share `identifier`). */
export interface Delivery {
  identifier: string;
  webhookId: number;
  url: string;
  event: string;
  /** Raw body; empty when the webhook has `excludeBody`. */
  body: string;
  secret: string | undefined;
  /** Retries done so far (0 on the first try). */
  retry: number;
}

/** What happened to one attempt, kept in the delivery log. */
export interface DeliveryAttempt {
  identifier: string;
  webhookId: number;
  url: string;
  event: string;
  retry: number;
  /** HTTP status, or 0 when the connection failed or timed out. */
  status: number;
  error?: string;
  atMs: number;
}

/** Jira Cloud retries on these answers and on connection failures (docs/jira-api.md, "Webhooks"). */
export function shouldRetry(status: number): boolean {
  return status === 0 || status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

export function deliveryHeaders(delivery: Delivery): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'Atlassian Webhook HTTP Client',
    'X-Atlassian-Webhook-Identifier': delivery.identifier,
    'X-Atlassian-Webhook-Flow': 'Primary',
  };
  if (delivery.retry > 0) headers['X-Atlassian-Webhook-Retry'] = String(delivery.retry);
  if (delivery.secret !== undefined && delivery.secret !== '') {
    headers['X-Hub-Signature'] = webhookSignature(delivery.secret, delivery.body);
  }
  return headers;
}

/** Sends one attempt; never throws. */
export async function sendAttempt(delivery: Delivery, timeoutMs: number, signal: AbortSignal): Promise<{ status: number; error?: string }> {
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: deliveryHeaders(delivery),
      body: delivery.body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  } catch (err) {
    return { status: 0, error: err instanceof Error ? err.message : String(err) };
  }
}
