/**
 * Applies a Tract → Jira plan through the site's queue, exactly once per record: every create carries the
 * `tract` property, and a create whose outcome is unknown (a timeout, a crash between Jira's 201 and the
 * write-back) is resolved by looking for that property on the issue and adopting the match.
 */
import type { PlannedCreate, PlannedRemove, PlannedUpdate, SyncPlan } from '../../shared/core/plan-sync.ts';
import { ValidationError, toTractError } from '../../shared/core/tract-error.ts';
import type { TractError } from '../../shared/core/tract-error.ts';
import type { JiraLink } from '../../shared/core/worklog-record.ts';
import { isOutcomeUnknown } from '../../shared/jira/classify-jira-failure.ts';
import type { JiraSiteQueue } from '../../shared/jira/jira-site-queue.ts';
import type { JiraWorklog, JiraWorklogs, WorklogWrite, WriteOptions } from '../../shared/jira/jira-worklogs.ts';

export type AuthorIdentity =
  | {
    jira: JiraWorklogs;
    /** True when the service account posts for this author: the comment gets an `[author]` prefix. */
    onBehalf: boolean;
  }
  /** The author is in the map but cannot be used (e.g. no Jira account has their e-mail). */
  | { problem: string };

type UsableIdentity = Extract<AuthorIdentity, { jira: JiraWorklogs }>;

export interface ApplyContext {
  repo: string;
  site: JiraSiteQueue;
  /** The service account, for lookups and for authors without a personal token. */
  service: JiraWorklogs;
  identity(author: string): AuthorIdentity | undefined;
  writeOptions: WriteOptions;
  /** Record ids whose create may already have happened. */
  unknownOutcomes: ReadonlySet<string>;
  /** `spec.jira.projects`: when not empty, records on other projects are refused. */
  projects?: readonly string[];
  now(): Date;
}

export type OpKind = 'create' | 'update' | 'delete';

export type ApplyResult =
  | { id: string; op: OpKind; kind: 'linked'; link: JiraLink; issue: string; author: string; seconds: number; adopted: boolean }
  | { id: string; op: 'delete'; kind: 'deleted' }
  | { id: string; op: OpKind; kind: 'failed'; error: TractError };

const MAX_CREATE_ATTEMPTS = 3;

export async function applyPlan(plan: SyncPlan, context: ApplyContext): Promise<ApplyResult[]> {
  const lookups = new IssueLookups(context);
  const runs = [
    ...plan.create.map((c) => guard(c.line.record.id, 'create', () => create(c, context, lookups))),
    ...plan.update.map((u) => guard(u.line.record.id, 'update', () => update(u, context, lookups))),
    ...plan.remove.map((r) => guard(r.id, 'delete', () => remove(r, context))),
  ];
  return Promise.all(runs);
}

async function guard(id: string, op: OpKind, fn: () => Promise<ApplyResult>): Promise<ApplyResult> {
  try {
    return await fn();
  } catch (err) {
    return { id, op, kind: 'failed', error: toTractError(err) };
  }
}

async function create(planned: PlannedCreate, context: ApplyContext, lookups: IssueLookups): Promise<ApplyResult> {
  const { record } = planned.line;
  requireProject(record.issue, context);
  const identity = requireIdentity(record.author, context);
  const worklog = await createOnce(record, write(record, planned.seconds, identity.onBehalf), identity, context, lookups);
  return linked(record.id, 'create', worklog.value, record.issue, record.author, planned.seconds, worklog.adopted, context);
}

async function update(planned: PlannedUpdate, context: ApplyContext, lookups: IssueLookups): Promise<ApplyResult> {
  const { record } = planned.line;
  requireProject(record.issue, context);
  const identity = requireIdentity(record.author, context);
  if (planned.fromIssue !== record.issue) {
    // Jira cannot move a worklog between issues one by one: create on the new issue, then delete the old.
    const moved = await createOnce(record, write(record, planned.seconds, identity.onBehalf), identity, context, lookups);
    await context.site.call(identity.jira, 'deleteWorklog', planned.fromIssue, planned.link.worklogId, context.writeOptions);
    return linked(record.id, 'update', moved.value, record.issue, record.author, planned.seconds, moved.adopted, context);
  }
  // A worklog someone logged in Jira keeps its Jira author on update: it needs no `[author]` prefix.
  const body = write(record, planned.seconds, identity.onBehalf && record.source !== 'jira');
  const worklog = await context.site.call(identity.jira, 'updateWorklog', record.issue, planned.link.worklogId, body, context.writeOptions);
  return linked(record.id, 'update', worklog, record.issue, record.author, planned.seconds, false, context);
}

async function remove(planned: PlannedRemove, context: ApplyContext): Promise<ApplyResult> {
  const identity = planned.author ? context.identity(planned.author) : undefined;
  const jira = identity && 'jira' in identity ? identity.jira : context.service;
  await context.site.call(jira, 'deleteWorklog', planned.issue, planned.link.worklogId, context.writeOptions);
  return { id: planned.id, op: 'delete', kind: 'deleted' };
}

async function createOnce(
  record: { id: string; issue: string; author: string },
  body: WorklogWrite,
  identity: UsableIdentity,
  context: ApplyContext,
  lookups: IssueLookups,
): Promise<{ value: JiraWorklog; adopted: boolean }> {
  const { id, issue } = record;
  if (context.unknownOutcomes.has(id)) {
    const existing = (await lookups.fetch(issue)).get(id);
    if (existing) return { value: existing, adopted: true };
  }
  const property = { id, repo: context.repo, ...(identity.onBehalf ? { author: record.author } : {}) };
  for (let attempt = 1; ; attempt += 1) {
    try {
      const value = await context.site.call(identity.jira, 'createWorklog', issue, body, property, context.writeOptions);
      return { value, adopted: false };
    } catch (err) {
      if (!isOutcomeUnknown(err) || attempt >= MAX_CREATE_ATTEMPTS) throw err;
      const existing = (await lookups.fetch(issue, { fresh: true })).get(id);
      if (existing) return { value: existing, adopted: true };
    }
  }
}

function write(record: { author: string; started: string; comment?: string }, seconds: number, prefixed: boolean): WorklogWrite {
  const comment = prefixed ? `[${record.author}]${record.comment ? ` ${record.comment}` : ''}` : record.comment;
  return { started: record.started, timeSpentSeconds: seconds, ...(comment ? { comment } : {}) };
}

function requireProject(issue: string, context: ApplyContext): void {
  const projects = context.projects ?? [];
  const project = issue.slice(0, issue.lastIndexOf('-'));
  if (projects.length === 0 || projects.includes(project)) return;
  throw new ValidationError(
    `Issue ${issue} is in project ${project}, which ${context.repo} does not sync (spec.jira.projects: ${projects.join(', ')})`,
    { reason: 'ProjectNotSynced' },
  );
}

function requireIdentity(author: string, context: ApplyContext): UsableIdentity {
  const identity = context.identity(author);
  if (!identity) {
    // Never a silent re-attribution (docs/to-jira.md "Authorship"): the record fails until the map knows its author.
    throw new ValidationError(`Author ${author} is not in the identity map of ${context.repo}: add them to spec.authors`, { reason: 'UnknownAuthor' });
  }
  if ('problem' in identity) throw new ValidationError(identity.problem, { reason: 'IdentityNotFound' });
  return identity;
}

function linked(id: string, op: OpKind, worklog: JiraWorklog, issue: string, author: string, seconds: number, adopted: boolean, context: ApplyContext): ApplyResult {
  const link = { worklogId: worklog.id, issueId: worklog.issueId, syncedAt: context.now().toISOString() };
  return { id, op, kind: 'linked', link, issue, author, seconds, adopted };
}

/** The `tract` worklogs of each issue, fetched once per pass (or again when asked to be fresh). */
class IssueLookups {
  readonly #context: ApplyContext;
  readonly #cache = new Map<string, Promise<Map<string, JiraWorklog>>>();

  constructor(context: ApplyContext) {
    this.#context = context;
  }

  fetch(issue: string, options: { fresh?: boolean } = {}): Promise<Map<string, JiraWorklog>> {
    const cached = this.#cache.get(issue);
    if (cached && !options.fresh) return cached;
    const pending = this.#context.site.call(this.#context.service, 'fetchTractWorklogs', issue);
    this.#cache.set(issue, pending);
    pending.catch(() => this.#cache.delete(issue));
    return pending;
  }
}
