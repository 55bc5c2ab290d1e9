/**
 * Per-repo webhook paths (docs/controller.md "Webhooks"): readable `<namespace>/<name>` paths. They
 * carry no secret: deliveries are authenticated by their HMAC signatures, with the secrets of
 * `spec.webhook.secretRef`.
 */
import type { RepoKey } from './ports.ts';

export const JIRA_WEBHOOK_PATH = '/webhook/jira';
export const GIT_WEBHOOK_PATH = '/webhook/git';

export function jiraWebhookPath(key: RepoKey): string {
  return `${JIRA_WEBHOOK_PATH}/${key}`;
}

export function gitWebhookPath(key: RepoKey): string {
  return `${GIT_WEBHOOK_PATH}/${key}`;
}
