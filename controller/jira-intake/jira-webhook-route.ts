/**
 * `POST /webhook/jira` (the documented path, docs/from-jira.md) and `POST /webhook/jira/<namespace>/<name>` (one repo's own path),
 * docs/controller.md. Mount with `app.use(createJiraWebhookRoute(…))`. The answer comes before any Jira or git
 * work: the delivery is checked, deduplicated and journaled durably (`JiraEventInbox`), then answered 202.
 *
 * | step | answer |
 * |---|---|
 * | body over `limitBytes` (1 MiB) | 413 |
 * | per-repo path of an unknown repo | 404 |
 * | body is not a JSON object | 400 |
 * | a secret applies and `X-Hub-Signature` is missing or wrong | 401 |
 * | not a worklog event / no repo on the event's site | 202, dropped (`ignored` / `unclaimed`) |
 * | worklog event without `worklog.id` / `issueId` | 400 |
 * | identifier seen before | 200, nothing done (`duplicate`) |
 * | journal write failed | 503 (Jira retries 5xx) |
 * | journaled | 202 |
 *
 * Which secrets apply: on a per-repo path, that repo's; on the global path, those of every repo on the
 * event's site (from `worklog.self`), any of which may have signed it. When none of them has a secret,
 * unsigned deliveries are accepted. Errors use Jira's envelope `{"errorMessages": […], "errors": {}}`.
 */
import { createHash } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { Clock } from '../../shared/core/clock.ts';
import type { AcceptResult, JiraWebhookEvent } from './jira-event-inbox.ts';
import { normalizeJiraSite, siteOfResource } from '../jira/jira-site-url.ts';
import { decodeJiraWebhook } from './jira-webhook-payload.ts';
import { verifyJiraSignature } from './jira-webhook-signature.ts';

/** One TractRepo as the webhook route sees it. */
export interface JiraWebhookRepo {
  /** `<namespace>/<name>`. */
  key: string;
  /** `spec.jira.url`. */
  site: string;
  /** The `jiraSecret` of `spec.webhook.secretRef`, when set. */
  secret?: string;
}

export type JiraWebhookOutcome =
  | 'accepted' | 'duplicate' | 'ignored' | 'unclaimed' | 'unauthorized' | 'malformed' | 'too_large' | 'unknown_repo' | 'error';

export interface JiraWebhookRouteOptions {
  inbox: { accept(event: JiraWebhookEvent): Promise<AcceptResult> };
  repos(): readonly JiraWebhookRepo[];
  clock: Clock;
  /** Default 1 MiB. */
  limitBytes?: number;
  /** For `tract_webhooks_received_total{source="jira",outcome}`. */
  onOutcome?(outcome: JiraWebhookOutcome): void;
  /** A signed delivery no repo claims: logged with the reason by the caller. */
  onUnclaimed?(reason: string, site: string | undefined): void;
  onError?(err: unknown): void;
}

export const JIRA_WEBHOOK_PATH = '/webhook/jira';
export const DEFAULT_WEBHOOK_LIMIT_BYTES = 1024 * 1024;

/** The per-repo path of a TractRepo (`status.webhookPath`). */
export function jiraWebhookPath(repoKey: string): string {
  return `${JIRA_WEBHOOK_PATH}/${repoKey}`;
}

const UNCLAIMED_SITE = 'no repository syncs this Jira site';

interface Answer {
  status: number;
  outcome: JiraWebhookOutcome;
  body: unknown;
}

export function createJiraWebhookRoute(options: JiraWebhookRouteOptions): Router {
  const router = express.Router();
  const limit = options.limitBytes ?? DEFAULT_WEBHOOK_LIMIT_BYTES;
  const reply = (res: Response, answer: Answer): void => {
    options.onOutcome?.(answer.outcome);
    res.status(answer.status).json(answer.body);
  };
  router.post(
    [JIRA_WEBHOOK_PATH, `${JIRA_WEBHOOK_PATH}/:namespace/:name`],
    express.raw({ type: () => true, limit }),
    (req: Request, res: Response) => {
      void handle(req, options).then((answer) => reply(res, answer), (err: unknown) => {
        options.onError?.(err);
        reply(res, jiraError(503, 'error', 'The delivery could not be stored; try again.'));
      });
    },
  );
  router.use(JIRA_WEBHOOK_PATH, (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const tooLarge = (err as { type?: string }).type === 'entity.too.large';
    reply(res, tooLarge ? jiraError(413, 'too_large', `The request body exceeds ${limit} bytes.`) : jiraError(400, 'malformed', 'The request body could not be read.'));
  });
  return router;
}

async function handle(req: Request, options: JiraWebhookRouteOptions): Promise<Answer> {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const repos = options.repos();
  const repoKey = repoKeyOf(req);
  const target = repos.find((repo) => repo.key === repoKey);
  if (repoKey !== undefined && target === undefined) return jiraError(404, 'unknown_repo', `No TractRepo ${repoKey} is managed here.`);
  const body = parseJson(raw);
  if (body === undefined) return jiraError(400, 'malformed', 'The request body is not valid JSON.');
  return admit(req, raw, body, { options, repos, target });
}

interface Admission {
  options: JiraWebhookRouteOptions;
  repos: readonly JiraWebhookRepo[];
  target: JiraWebhookRepo | undefined;
}

/** Signature, event type, claim, dedupe and journal, for a body that is a JSON object. */
async function admit(req: Request, raw: Buffer, body: object, { options, repos, target }: Admission): Promise<Answer> {
  const decoded = decodeJiraWebhook(body);
  const candidates = target === undefined ? reposOnSite(repos, decoded.type === 'worklog' ? decoded.event.site : siteOfUnknown(body)) : [target];
  if (!signatureAccepted(req, raw, candidates)) {
    return jiraError(401, 'unauthorized', 'X-Hub-Signature is missing or does not match the webhook secret.');
  }
  if (decoded.type === 'ignored') return { status: 202, outcome: 'ignored', body: { ignored: decoded.webhookEvent } };
  if (decoded.type === 'malformed') return jiraError(400, 'malformed', decoded.message);
  if (candidates.length === 0) {
    const site = decoded.type === 'worklog' ? decoded.event.site : undefined;
    options.onUnclaimed?.(UNCLAIMED_SITE, site);
    return { status: 202, outcome: 'unclaimed', body: { ignored: UNCLAIMED_SITE } };
  }
  const result = await options.inbox.accept(eventOf(req, raw, decoded.event, target, options.clock));
  return result === 'accepted' ? { status: 202, outcome: 'accepted', body: { accepted: true } } : { status: 200, outcome: 'duplicate', body: { duplicate: true } };
}

/** True when no candidate repo has a secret, or the signature matches one of their secrets. */
function signatureAccepted(req: Request, raw: Buffer, candidates: readonly JiraWebhookRepo[]): boolean {
  const secrets = candidates.flatMap((repo) => (repo.secret ? [repo.secret] : []));
  return secrets.length === 0 || verifyJiraSignature(req.get('x-hub-signature'), raw, secrets);
}

function repoKeyOf(req: Request): string | undefined {
  const { namespace, name } = req.params;
  return typeof namespace === 'string' && typeof name === 'string' ? `${namespace}/${name}` : undefined;
}

/** Repos on the event's site; every repo when the site is unknown (its signature must still match one). */
function reposOnSite(repos: readonly JiraWebhookRepo[], site: string | undefined): JiraWebhookRepo[] {
  return repos.filter((repo) => site === undefined || normalizeJiraSite(repo.site) === site);
}

type WorklogFields = Omit<JiraWebhookEvent, 'identifier' | 'receivedAtMs' | 'repo'>;

function eventOf(req: Request, raw: Buffer, fields: WorklogFields, target: JiraWebhookRepo | undefined, clock: Clock): JiraWebhookEvent {
  const given = req.get('x-atlassian-webhook-identifier')?.trim();
  const event: JiraWebhookEvent = {
    identifier: given || `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    receivedAtMs: clock.now().getTime(),
    ...fields,
  };
  if (target === undefined) return event;
  // A repo's own path uses that repo's Jira connection whatever host the body names (a proxy, a custom
  // domain, api.atlassian.com/ex/jira/<cloudId> for scoped tokens): docs/from-jira.md "Per-repo path".
  const site = normalizeJiraSite(target.site) ?? fields.site;
  return { ...event, repo: target.key, ...(site === undefined ? {} : { site }) };
}

function parseJson(raw: Buffer): object | undefined {
  try {
    const value = JSON.parse(raw.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as object) : undefined;
  } catch {
    return undefined;
  }
}

/** The site of an event that is not a well-formed worklog event, to pick the secrets that apply. */
function siteOfUnknown(body: unknown): string | undefined {
  const self = (body as { worklog?: { self?: unknown } }).worklog?.self;
  return typeof self === 'string' ? siteOfResource(self) : undefined;
}

function jiraError(status: number, outcome: JiraWebhookOutcome, message: string): Answer {
  return { status, outcome, body: { errorMessages: [message], errors: {} } };
}
