/**
 * `POST /webhook/git/<namespace>/<name>`: a push to the repo's remote → a reconcile now. The body is
 * read raw (signatures cover the exact bytes) up to the configured limit (413 above it). When the
 * TractRepo names a webhook Secret with a `token`, the delivery must be signed with it (401 otherwise);
 * without one, any delivery triggers, as it only does what the next poll would do (Argo CD does the same).
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import { EVENT_REASONS } from '../api/condition-reasons.ts';
import type { EventReason } from '../api/condition-reasons.ts';
import type { RepoKey } from '../api/ports.ts';
import type { SyncRequestAnswer } from '../reconcile/tract-repo-controller.ts';
import { sendError } from './api-errors.ts';
import { detectSource, verifyGitSignature } from './verify-git-signature.ts';

export interface GitWebhookTarget {
  /** The `token` key of the webhook Secret, when the TractRepo has one. */
  token?: string;
}

export interface GitWebhookDeps {
  bodyLimitBytes: number;
  /** The repo's webhook settings, or undefined when no such TractRepo is managed here. */
  lookup(key: RepoKey): Promise<GitWebhookTarget | undefined>;
  requestSync(key: RepoKey): SyncRequestAnswer;
  countWebhook(source: string, outcome: string): void;
  recordEvent(key: RepoKey, reason: EventReason, message: string): void;
}

export function gitWebhookRouter(deps: GitWebhookDeps): Router {
  const router = express.Router();
  router.post('/:namespace/:name', express.raw({ type: () => true, limit: deps.bodyLimitBytes }), async (req: Request, res: Response) => {
    const key = `${String(req.params.namespace)}/${String(req.params.name)}`;
    const header = (name: string): string | undefined => req.get(name) ?? undefined;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const target = await deps.lookup(key);
    if (!target) {
      deps.countWebhook(detectSource(header), 'not_found');
      return sendError(res, 404, 'NotFound', `TractRepo ${key} is not managed by this controller`);
    }
    const check = target.token ? verifyGitSignature(header, body, target.token) : { source: detectSource(header), valid: true };
    if (!check.valid) {
      deps.countWebhook(check.source, 'unauthorized');
      deps.recordEvent(key, EVENT_REASONS.webhookRejected, `rejected a ${check.source} push webhook: missing or wrong signature`);
      return sendError(res, 401, 'Unauthorized', 'The webhook signature is missing or does not match the secret');
    }
    const answer = deps.requestSync(key);
    if (answer === 'suspended') {
      deps.countWebhook(check.source, 'suspended');
      return sendError(res, 409, 'Suspended', `TractRepo ${key} is suspended`);
    }
    if (answer === 'not-found') {
      deps.countWebhook(check.source, 'not_found');
      return sendError(res, 404, 'NotFound', `TractRepo ${key} is not managed by this controller`);
    }
    deps.countWebhook(check.source, 'accepted');
    res.status(202).json({ accepted: true, repo: key });
  });
  return router;
}
