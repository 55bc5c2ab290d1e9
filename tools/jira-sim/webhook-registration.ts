import { badRequest } from './jira-error.ts';
import type { SimStore } from './sim-store.ts';
import type { WebhookRegistration } from './sim-types.ts';

/** The admin REST shape of a webhook (`/rest/webhooks/1.0/webhook`, docs/jira-api.md "Webhooks"). */
export interface WebhookSpec {
  name: string;
  url: string;
  events: string[];
  filters?: { 'issue-related-events-section'?: string };
  excludeBody?: boolean;
  secret?: string;
  enabled?: boolean;
}

type FieldCheck = [field: string, ok: (value: unknown) => boolean, message: string];

const optional = (check: (value: unknown) => boolean) => (value: unknown) => value === undefined || check(value);

const CHECKS: FieldCheck[] = [
  ['name', (v) => typeof v === 'string' && v !== '', 'The webhook name is required.'],
  ['url', (v) => typeof v === 'string' && /^https?:\/\//.test(v), 'The webhook URL must be an absolute http(s) URL.'],
  ['events', (v) => Array.isArray(v) && v.every((e) => typeof e === 'string'), 'events must be a list of event names.'],
  ['excludeBody', optional((v) => typeof v === 'boolean'), 'excludeBody must be a boolean.'],
  ['secret', optional((v) => typeof v === 'string'), 'secret must be a string.'],
  ['enabled', optional((v) => typeof v === 'boolean'), 'enabled must be a boolean.'],
  [
    'filters',
    optional((v) => typeof v === 'object' && v !== null && optional((j) => typeof j === 'string')((v as Record<string, unknown>)['issue-related-events-section'])),
    'filters.issue-related-events-section must be a JQL string.',
  ],
];

/** Checks a registration body, collecting every problem into one Jira-shaped 400. */
export function decodeWebhookSpec(body: unknown): WebhookSpec {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  for (const [field, ok, message] of CHECKS) if (!ok(b[field])) errors[field] = message;
  if (Object.keys(errors).length > 0) throw badRequest([], errors);
  return b as unknown as WebhookSpec;
}

export function registerWebhook(store: SimStore, spec: WebhookSpec, nowMs: number): WebhookRegistration {
  return store.addWebhook(webhookFields(spec, nowMs));
}

export function webhookFields(spec: WebhookSpec, nowMs: number): Omit<WebhookRegistration, 'id'> {
  return {
    name: spec.name,
    url: spec.url,
    events: [...spec.events],
    jqlFilter: spec.filters?.['issue-related-events-section'] ?? '',
    excludeBody: spec.excludeBody ?? false,
    secret: spec.secret === '' ? undefined : spec.secret,
    enabled: spec.enabled ?? true,
    createdMs: nowMs,
  };
}

/** Jira's representation; the secret is never shown again once saved. */
export function renderWebhook(webhook: WebhookRegistration, baseUrl: string): Record<string, unknown> {
  return {
    self: `${baseUrl}/rest/webhooks/1.0/webhook/${webhook.id}`,
    name: webhook.name,
    url: webhook.url,
    events: webhook.events,
    filters: { 'issue-related-events-section': webhook.jqlFilter },
    excludeBody: webhook.excludeBody,
    enabled: webhook.enabled,
    lastUpdated: webhook.createdMs,
  };
}
