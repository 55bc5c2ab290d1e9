/**
 * Reads a Jira worklog webhook body (docs/jira-api.md, "Webhooks"): `{timestamp, webhookEvent, worklog: {self, id,
 * issueId, …}}`, v2 shapes on Cloud and Data Center alike. There is no issue key in it; the sync
 * resolves `issueId` later. Only what routing needs is kept: the sync reads the worklog itself from Jira.
 */
import type { JiraWebhookEvent } from './jira-event-inbox.ts';
import { siteOfResource } from '../jira/jira-site-url.ts';

const KINDS: Readonly<Record<string, JiraWebhookEvent['kind']>> = {
  worklog_created: 'upsert',
  worklog_updated: 'upsert',
  worklog_deleted: 'delete',
};

export type DecodedJiraWebhook =
  | { type: 'worklog'; event: Omit<JiraWebhookEvent, 'identifier' | 'receivedAtMs' | 'repo'> }
  /** Not a worklog event (an issue or comment event on the same webhook): answered and dropped. */
  | { type: 'ignored'; webhookEvent: string }
  | { type: 'malformed'; message: string };

export function decodeJiraWebhook(body: unknown): DecodedJiraWebhook {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { type: 'malformed', message: 'The webhook body must be a JSON object.' };
  }
  const { webhookEvent, worklog } = body as { webhookEvent?: unknown; worklog?: unknown };
  if (typeof webhookEvent !== 'string') return { type: 'malformed', message: 'The webhook body has no webhookEvent.' };
  const kind = KINDS[webhookEvent];
  if (kind === undefined) return { type: 'ignored', webhookEvent };
  return decodeWorklog(webhookEvent, kind, worklog);
}

function decodeWorklog(webhookEvent: string, kind: JiraWebhookEvent['kind'], worklog: unknown): DecodedJiraWebhook {
  const fields = (typeof worklog === 'object' && worklog !== null ? worklog : {}) as Record<string, unknown>;
  const worklogId = idOf(fields.id);
  const issueId = idOf(fields.issueId);
  if (worklogId === undefined || issueId === undefined) {
    return { type: 'malformed', message: `The ${webhookEvent} body needs worklog.id and worklog.issueId.` };
  }
  const site = typeof fields.self === 'string' ? siteOfResource(fields.self) : undefined;
  return { type: 'worklog', event: { kind, worklogId, issueId, ...(site === undefined ? {} : { site }) } };
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return typeof value === 'string' && /^\d{1,19}$/.test(value) ? value : undefined;
}
