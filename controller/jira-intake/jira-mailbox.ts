/**
 * The mailbox of Jira webhook bursts, one box per TractRepo (docs/architecture.md, flow 2): the intake
 * (jira-inbound.ts) posts a repo's burst and adds the repo's key to the work queue; the repo's next pass
 * takes it (reconcile/from-jira-step.ts) and answers with what it pushed; the controller's shutdown fails
 * what is left, and those events stay journaled.
 */
import { TransientError } from '../../shared/core/tract-error.ts';
import type { FromJiraResult } from '../from-jira/sync-jira-to-repo.ts';
import { RepoMailbox } from '../workqueue/repo-mailbox.ts';
import type { JiraWebhookEvent } from './jira-event-inbox.ts';

export type JiraEventBatch = readonly JiraWebhookEvent[];

export class JiraMailbox extends RepoMailbox<JiraEventBatch, FromJiraResult> {
  /** Fails every burst left and refuses later ones: the coalescer keeps their events, and so does the journal. */
  shutDown(): void {
    this.close(new TransientError('The controller is shutting down: the events stay journaled', { reason: 'ShuttingDown' }));
  }
}
