import type { Request, Response, Router } from 'express';
import { JIRA_MESSAGES, forbidden, notFound } from '../jira-error.ts';
import type { SimContext } from '../sim-context.ts';
import type { WebhookRegistration } from '../sim-types.ts';
import { decodeWebhookSpec, registerWebhook, renderWebhook, webhookFields } from '../webhook-registration.ts';
import { param, userOf } from './route-helpers.ts';

function requireAdmin(res: Response): void {
  if (!userOf(res).admin) throw forbidden(JIRA_MESSAGES.webhookAdmin);
}

function webhookOf(ctx: SimContext, req: Request): WebhookRegistration {
  const webhook = ctx.store.webhooks.get(Number(param(req, 'id')));
  if (webhook === undefined) throw notFound('Webhook not found.');
  return webhook;
}

/** Admin webhooks, `/rest/webhooks/1.0/webhook` (list, create, get, update, delete; Jira admins only). */
export function registerWebhookRoutes(router: Router, ctx: SimContext): void {
  router.get('/', (_req, res) => {
    requireAdmin(res);
    res.json([...ctx.store.webhooks.values()].map((w) => renderWebhook(w, ctx.baseUrl)));
  });

  router.post('/', (req, res) => {
    requireAdmin(res);
    const webhook = registerWebhook(ctx.store, decodeWebhookSpec(req.body), ctx.clock.nowMs());
    res.status(201).json(renderWebhook(webhook, ctx.baseUrl));
  });

  router.get('/:id', (req, res) => {
    requireAdmin(res);
    res.json(renderWebhook(webhookOf(ctx, req), ctx.baseUrl));
  });

  router.put('/:id', (req, res) => {
    requireAdmin(res);
    const old = webhookOf(ctx, req);
    const updated = { ...webhookFields(decodeWebhookSpec(req.body), ctx.clock.nowMs()), id: old.id };
    ctx.store.webhooks.set(old.id, updated);
    res.json(renderWebhook(updated, ctx.baseUrl));
  });

  router.delete('/:id', (req, res) => {
    requireAdmin(res);
    ctx.store.webhooks.delete(webhookOf(ctx, req).id);
    res.status(204).end();
  });
}
