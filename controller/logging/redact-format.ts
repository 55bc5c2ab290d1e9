/**
 * A winston format that keeps secrets out of every log line (docs/code-style.md, "Patterns" 6): values of keys that
 * name a credential (`authorization`, `token`, `password`, `secret`, …) are replaced, `Authorization:`
 * header text inside strings is cut, and every value the SecretMask knows is replaced wherever it
 * appears (message, metadata, error stacks).
 */
import { format } from 'winston';
import type { SecretMask } from '../secrets/secret-mask.ts';

const SECRET_KEY = /^(authorization|proxy-authorization|password|passwd|secret|token|apitoken|api_token|bearertoken|jirasecret|cookie|set-cookie|x-hub-signature(-256)?|x-gitlab-token|x-gitea-signature|x-signature)$/i;
const AUTH_HEADER_TEXT = /(authorization:\s*)(basic|bearer)\s+[^\s"',;]+/gi;
const REDACTED = '[REDACTED]';
const MAX_DEPTH = 6;

export function redactSecrets(mask: SecretMask): ReturnType<typeof format> {
  return format((info) => {
    for (const key of Reflect.ownKeys(info)) {
      if (typeof key !== 'string') continue;
      const value = (info as Record<string, unknown>)[key];
      (info as Record<string, unknown>)[key] = SECRET_KEY.test(key) && value ? REDACTED : redactValue(value, mask, 0);
    }
    return info;
  });
}

export function redactValue(value: unknown, mask: SecretMask, depth: number): unknown {
  if (typeof value === 'string') return mask.mask(value.replace(AUTH_HEADER_TEXT, `$1$2 ${REDACTED}`));
  if (value instanceof Error) return redactError(value, mask, depth);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, mask, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) && item ? REDACTED : redactValue(item, mask, depth + 1);
  return out;
}

/** Errors keep name, message and reason (a stack would repeat the message and bloat every line). */
function redactError(error: Error, mask: SecretMask, depth: number): Record<string, unknown> {
  const reason = (error as { reason?: unknown }).reason;
  return { name: error.name, message: redactValue(error.message, mask, depth + 1), ...(reason === undefined ? {} : { reason }) };
}
