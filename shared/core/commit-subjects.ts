/**
 * Every commit message Tract writes, built from a typed description of the change: the only place a
 * subject is built (lint refuses a `[tract…` string anywhere else, docs/git.md, "The worklog repository").
 * The texts are user-visible contracts, exactly as docs/git.md and docs/from-jira.md state them:
 * - `[tract] Initialise tract` (`tract init`);
 * - `[tract] Log 2h to APP-1234` (`tract log`);
 * - `[tract] Edit worklog on APP-1234 (2h → 3h)`, with `APP-1 → APP-2` when the issue changed and one time
 *   when it did not (`tract edit`);
 * - `[tract] Delete worklog on APP-1234 (2h)` (`tract delete`);
 * - `[tract-sync] Link N worklogs to Jira`, then one body line per new link (the controller's write-back);
 * - from Jira, one change: `[tract-sync] Add worklog from Jira (APP-1234, john.mcmullan, 2h)`,
 *   `[tract-sync] Update worklog from Jira (APP-1234, john.mcmullan, 2h → 3h)`,
 *   `[tract-sync] Delete worklog from Jira (APP-1234, john.mcmullan, 2h)`; a line that only got its Jira
 *   link (a duplicate kept once) reads like the write-back: `[tract-sync] Link 1 worklog to Jira`;
 *   N > 1 changes: `[tract-sync] Apply N worklog changes from Jira`, then one body line per change.
 *   Values from Jira are stripped of control characters and line breaks: nothing from Jira can forge a
 *   subject line, and comments never appear at all;
 * - `[tract] Unlink N worklogs from the previous demo Jira` (the demo, README.md).
 */
import type { AppliedJiraChange } from './jira-change-plan.ts';

/** A value before and after a change (display texts). */
export interface Change {
  before: string;
  after: string;
}

/** One link the write-back adds: `APP-1 john.mcmullan 2h → Jira worklog 10234`. */
export interface NewLink {
  issue: string;
  author: string;
  time: string;
  worklogId: string;
}

export type CommitDescription =
  | { kind: 'init' }
  | { kind: 'log'; issue: string; time: string }
  | { kind: 'edit'; issue: Change; time: Change }
  | { kind: 'delete'; issue: string; time: string }
  /** `count`: the records the commit touches (linked or dequeued); `links`: the new links, one body line each. */
  | { kind: 'link-to-jira'; count: number; links: readonly NewLink[] }
  | { kind: 'from-jira'; changes: readonly AppliedJiraChange[] }
  | { kind: 'demo-unlink'; count: number };

/** The full message (subject, then a body when there is one); undefined when there is nothing to commit. */
export function commitMessage(description: CommitDescription): string | undefined {
  switch (description.kind) {
    case 'init':
      return '[tract] Initialise tract';
    case 'log':
      return `[tract] Log ${description.time} to ${description.issue}`;
    case 'edit':
      return `[tract] Edit worklog on ${fromTo(description.issue)} (${fromTo(description.time)})`;
    case 'delete':
      return `[tract] Delete worklog on ${description.issue} (${description.time})`;
    case 'link-to-jira':
      return linkMessage(description.count, description.links);
    case 'from-jira':
      return jiraCommitMessage(description.changes);
    case 'demo-unlink':
      return `[tract] Unlink ${description.count} worklogs from the previous demo Jira`;
  }
}

/** `2h → 3h`, or `3h` when nothing changed. */
export function fromTo(change: Change): string {
  return change.before === change.after ? change.after : `${change.before} → ${change.after}`;
}

function linkMessage(count: number, links: readonly NewLink[]): string {
  const body = links.map((link) => `${link.issue} ${link.author} ${link.time} → Jira worklog ${link.worklogId}`);
  return `[tract-sync] Link ${count} worklog${count === 1 ? '' : 's'} to Jira\n\n${body.join('\n')}\n`;
}

const VERB = { add: 'Add', update: 'Update', delete: 'Delete', link: 'Link' } as const;

function jiraCommitMessage(changes: readonly AppliedJiraChange[]): string | undefined {
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
function clean(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
}
