/**
 * A Jira worklog, as read from Jira, in Tract's terms (`JiraUpsert`, shared/core/plan-jira-changes.ts):
 * - author: `ReverseAuthorMap` (property author, identity map, `jira:<id>` fallback);
 * - comment: plain text, line ends normalised to `\n`, without the `[author] ` prefix Tract adds when the
 *   service account posts for someone (docs/controller.md) — so Tract's own writes compare equal to git;
 * - started: Tract's form in the author's zone (identity map `timezone`, else the Jira author's
 *   `timeZone` unless the service account posted it, else the repo's zone);
 * - the Jira `updated` time, so a newer unsynced git edit wins over an older Jira edit.
 */
import type { JiraUpsert } from '../../shared/core/plan-jira-changes.ts';
import { assertTimeZone, fromJiraStarted } from '../../shared/core/started-time.ts';
import type { JiraWorklog } from '../../shared/jira/jira-worklogs.ts';
import type { ReverseAuthorMap } from './reverse-author-map.ts';

export function worklogAsChange(worklog: JiraWorklog, issueKey: string, authors: ReverseAuthorMap, repoZone: string): JiraUpsert {
  const resolved = authors.resolve(worklog.author, worklog.tract?.author);
  const zone = firstValidZone([resolved.timezone, resolved.onBehalf ? undefined : worklog.author.timeZone, repoZone]);
  const updatedMs = worklog.updated.getTime();
  return {
    kind: 'upsert',
    worklogId: worklog.id,
    issueId: worklog.issueId,
    issueKey,
    author: resolved.author,
    started: fromJiraStarted(worklog.started.toISOString(), zone),
    seconds: worklog.timeSpentSeconds,
    comment: plainComment(worklog.comment, resolved.author),
    ...(worklog.tract === undefined ? {} : { tract: { id: worklog.tract.id, repo: worklog.tract.repo } }),
    ...(Number.isFinite(updatedMs) ? { updatedMs } : {}),
  };
}

/**
 * Strips Tract's `[author]` prefix (apply-plan.ts writes `[author]` or `[author] comment`) of the worklog's
 * tract author, whoever posted it, and every repetition of it: lines that an older Tract prefixed on each
 * edit heal instead of growing (docs/from-jira.md "Comments").
 */
export function plainComment(comment: string, author: string | undefined): string {
  let text = comment.replace(/\r\n?/g, '\n');
  if (author === undefined) return text;
  const prefix = `[${author}]`;
  for (;;) {
    if (text === prefix) return '';
    if (!text.startsWith(`${prefix} `)) return text;
    text = text.slice(prefix.length + 1);
  }
}

function firstValidZone(zones: readonly (string | undefined)[]): string | undefined {
  for (const zone of zones) {
    if (zone === undefined) continue;
    try {
      return assertTimeZone(zone);
    } catch {
      // Jira may report a zone this runtime does not know: try the next one.
    }
  }
  return undefined;
}
