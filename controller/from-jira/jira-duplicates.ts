/**
 * A Jira worklog that duplicates a synced record (docs/from-jira.md, "Duplicates": same issue, author, start minute and
 * time; `planJiraChanges` reports it as `duplicate-linked` and adds nothing to git) is discarded in Jira —
 * Tract keeps one and discards the duplicate — or, with `spec.sync.duplicates: Report`, left there. Either
 * way it is reported: a TractRepo event, the read API (`jiraDuplicates`), `tract status` and a metric
 * (docs/from-jira.md "Duplicates").
 */
import type { SkippedJiraChange } from '../../shared/core/plan-jira-changes.ts';
import { TransientError } from '../../shared/core/tract-error.ts';
import type { JiraSiteQueue } from '../../shared/jira/jira-site-queue.ts';
import type { JiraWorklogs, WriteOptions } from '../../shared/jira/jira-worklogs.ts';
import type { DuplicatePolicy } from '../api/tract-repo.ts';

export interface JiraDuplicateView {
  worklogId: string;
  /** `discarded`: deleted in Jira; `reported`: left in Jira (`spec.sync.duplicates: Report`). */
  action: 'discarded' | 'reported';
  message: string;
  at: string;
}

export interface DuplicateDeps {
  policy: DuplicatePolicy;
  service: JiraWorklogs;
  site: JiraSiteQueue;
  writeOptions: WriteOptions;
  now(): Date;
  /** False when this worklog was handled before (a feed read sees it again in Report mode). */
  isNew(worklogId: string): boolean;
  report(view: JiraDuplicateView): void;
}

export async function handleJiraDuplicates(problems: readonly SkippedJiraChange[], deps: DuplicateDeps): Promise<void> {
  for (const problem of problems) {
    if (problem.reason !== 'duplicate-linked' || !deps.isNew(problem.worklogId)) continue;
    let message = problem.message;
    let discarded = false;
    try {
      discarded = deps.policy === 'Discard' && (await discard(problem.worklogId, deps));
    } catch (err) {
      // A refusal (no "Delete all worklogs") leaves it reported; a transient failure is retried with the pass.
      if (err instanceof TransientError) throw err;
      message = `${message} (Jira refused to delete it: ${(err as Error).message})`;
    }
    deps.report({ worklogId: problem.worklogId, action: discarded ? 'discarded' : 'reported', message, at: deps.now().toISOString() });
  }
}

/** Deletes the duplicate in Jira; false when Jira no longer has it. */
async function discard(worklogId: string, deps: DuplicateDeps): Promise<boolean> {
  const [worklog] = await deps.site.call(deps.service, 'fetchWorklogsByIds', [worklogId]);
  if (worklog === undefined) return false;
  await deps.site.call(deps.service, 'deleteWorklog', worklog.issueId, worklogId, deps.writeOptions);
  return true;
}
