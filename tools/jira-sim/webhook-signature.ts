import { createHmac } from 'node:crypto';

/** `X-Hub-Signature` value Jira sends when a webhook has a secret: `sha256=<hex HMAC-SHA256(secret, raw body)>`. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
