/**
 * The commit message of a Jira → git commit, exactly as docs/from-jira.md ("Commit messages") states it:
 * - one change: `[tract-sync] Add worklog from Jira (APP-1234, john.mcmullan, 2h)`,
 *   `[tract-sync] Update worklog from Jira (APP-1234, john.mcmullan, 2h → 3h)`,
 *   `[tract-sync] Delete worklog from Jira (APP-1234, john.mcmullan, 2h)`; a line that only got its Jira
 *   link (a duplicate kept once) reads like the write-back: `[tract-sync] Link 1 worklog to Jira`;
 * - N > 1 changes: `[tract-sync] Apply N worklog changes from Jira`, then one body line per change.
 * Values are stripped of control characters and line breaks: nothing from Jira can forge a subject line,
 * and comments never appear at all.
 */
import type { AppliedJiraChange } from './plan-jira-changes.ts';

const VERB = { add: 'Add', update: 'Update', delete: 'Delete', link: 'Link' } as const;

/** The full message (subject, then a body when there is one), or undefined for no change. */
export function jiraCommitMessage(changes: readonly AppliedJiraChange[]): string | undefined {
  const [only, ...rest] = changes;
  if (only === undefined) return undefined;
  if (rest.length > 0) {
    return `[tract-sync] Apply ${changes.length} worklog changes from Jira\n\n${changes.map(bodyLine).join('\n')}\n`;
  }
  if (only.op === 'link') return `[tract-sync] Link 1 worklog to Jira\n\n${bodyLine(only)}\n`;
  return `[tract-sync] ${VERB[only.op]} worklog from Jira (${clean(only.issue)}, ${clean(only.author)}, ${timeOf(only)})`;
}

/** `Add APP-1234 john.mcmullan 2h (Jira worklog 10234)`. */
function bodyLine(change: AppliedJiraChange): string {
  return `${VERB[change.op]} ${clean(change.issue)} ${clean(change.author)} ${timeOf(change)} (Jira worklog ${clean(change.worklogId)})`;
}

function timeOf(change: AppliedJiraChange): string {
  return change.op === 'update' && change.fromTime !== undefined ? `${clean(change.fromTime)} → ${clean(change.time)}` : clean(change.time);
}

/** One line of printable text. */
export function clean(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
}
