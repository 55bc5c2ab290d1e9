/**
 * Rate limits for the endpoints anyone on the network can reach (webhooks, the read API), per client
 * address, with express-rate-limit. Over the limit: 429 with `Retry-After` and the API's error envelope.
 * Jira retries a 429 delivery, and a dropped git-push trigger is healed by the next poll, so nothing is lost.
 */
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { sendError } from './api-errors.ts';

export interface PublicRateLimits {
  /** Requests per minute and client address on `/webhook/*` (default 6,000; 0 turns the limit off). */
  webhookPerMinute: number;
  /** Requests per minute and client address on `/api/v1/*` (default 6,000; 0 turns the limit off). */
  apiPerMinute: number;
}

// Generous: a CLI waiting on a large queue or a Jira burst stays far below; a flood from one address does not.
export const DEFAULT_PUBLIC_RATE_LIMITS: PublicRateLimits = { webhookPerMinute: 6000, apiPerMinute: 6000 };

export function publicRateLimit(perMinute: number, onLimited?: () => void): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      onLimited?.();
      sendError(res, 429, 'TooManyRequests', 'Too many requests from this address: retry after the Retry-After delay');
    },
  });
}
