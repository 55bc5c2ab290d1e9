/**
 * Jira admin webhooks sign the raw body: `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>`
 * (docs/jira-api.md, "Webhooks"; the header is not `X-Hub-Signature-256`). Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** True when `header` is a valid signature of `body` under one of `secrets`. */
export function verifyJiraSignature(header: string | undefined, body: Buffer, secrets: readonly string[]): boolean {
  const hex = header === undefined ? undefined : SIGNATURE.exec(header.trim())?.[1];
  if (hex === undefined) return false;
  const given = Buffer.from(hex, 'hex');
  let valid = false;
  // Every secret is tried, so the time taken does not tell which one matched.
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(body).digest();
    if (timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

/** The header value Jira would send, for tests and tools. */
export function signJiraBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
