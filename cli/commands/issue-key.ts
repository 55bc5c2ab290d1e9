import { ValidationError } from '../../shared/core/tract-error.ts';
import { ISSUE_KEY_PATTERN } from '../../shared/core/worklog-record.ts';

/** A Jira issue key given on the command line (`tract log`, `worklogs`, `edit --issue`, `start`). */
export function assertIssueKey(issue: string): void {
  if (!ISSUE_KEY_PATTERN.test(issue)) {
    throw new ValidationError(`Invalid issue key "${issue}": expected a Jira key such as APP-1234 (upper-case project, dash, number)`, {
      reason: 'InvalidIssueKey',
    });
  }
}
