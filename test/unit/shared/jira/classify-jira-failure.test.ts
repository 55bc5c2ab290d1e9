import { expect } from 'chai';
import { AuthError, InternalError, TransientError, ValidationError } from '../../../../shared/core/tract-error.ts';
import { JiraRateLimited, OUTCOME_UNKNOWN, classifyJiraFailure, isOutcomeUnknown, jiraMessages } from '../../../../shared/jira/classify-jira-failure.ts';
import { JiraHttpFailure, JiraSchemaMismatch } from '../../../../shared/jira/jira-transport.ts';

const SITE = 'https://example.atlassian.net';

function failure(status: number, body: unknown = {}, headers: Record<string, string> = {}, method = 'POST'): JiraHttpFailure {
  return new JiraHttpFailure({ message: `Jira answered ${status}`, status, body, headers: new Headers(headers), method, outcomeUnknown: status === 0 });
}

describe('classifyJiraFailure', () => {
  const cases: [string, JiraHttpFailure, 'create' | 'update' | 'delete' | 'read', abstract new (...args: never[]) => Error, string | undefined, RegExp][] = [
    ['unknown issue', failure(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} }), 'create', ValidationError, 'IssueNotFound', /^Issue APP-9999 not found in Jira$/],
    ['worklog gone', failure(404), 'delete', ValidationError, 'WorklogNotFound', /Worklog not found/],
    ['time tracking off', failure(404, { errorMessages: ['Can not perform the requested operation, time tracking is disabled in JIRA.'] }), 'create', ValidationError, 'TimeTrackingDisabled', /disabled/],
    ['bad credentials', failure(401, 'Client must be authenticated to access this resource.'), 'create', AuthError, 'AuthenticationFailed', /rejected the credentials/],
    ['no permission', failure(403, { errorMessages: ['You do not have the permission to associate a worklog to this issue.'] }), 'create', ValidationError, 'PermissionDenied', /No permission to log work on APP-9999 in Jira: You do not have the permission/],
    ['closed issue', failure(400, { errorMessages: ['You can not edit the issue as it is in a non-editable workflow state.'] }), 'create', ValidationError, 'IssueNotEditable', /closed/],
    ['per-issue cap', failure(413), 'create', ValidationError, 'WorklogLimitReached', /limit of worklogs/],
    ['other 400', failure(400, { errorMessages: ['Worklog must not be null.'], errors: { timeLogged: 'You must indicate the time spent working.' } }), 'create', ValidationError, 'JiraRejected', /Worklog must not be null.; timeLogged: You must indicate/],
    ['bad started (our bug)', failure(400, { errors: { started: 'Invalid date format. Please enter the date in the format "yyyy-MM-dd\'T\'HH:mm:ss.SSSZ".' } }), 'create', InternalError, 'JiraRejected', /please report/],
    ['5xx on create', failure(502), 'create', TransientError, OUTCOME_UNKNOWN, /failed with 502/],
    ['5xx on read', failure(503), 'read', TransientError, 'JiraServerError', /failed with 503/],
    ['no answer on create', failure(0), 'create', TransientError, OUTCOME_UNKNOWN, /did not answer/],
    ['no answer on read', new JiraHttpFailure({ message: 'x', status: 0, method: 'GET' }), 'read', TransientError, 'JiraUnreachable', /did not answer/],
  ];
  for (const [what, err, op, kind, reason, message] of cases) {
    it(`${what} → ${kind.name} ${String(reason)}`, () => {
      const classified = classifyJiraFailure(err, { op, site: SITE, issueKey: 'APP-9999' });
      expect(classified).to.be.instanceOf(kind);
      expect(classified.reason).to.equal(reason);
      expect(classified.message).to.match(message);
    });
  }

  it('a 429 for one issue slows that issue; a burst 429 the site; Retry-After is kept', () => {
    const perIssue = classifyJiraFailure(failure(429, {}, { 'retry-after': '2', 'ratelimit-reason': 'jira-per-issue-on-write' }), { op: 'create', site: SITE });
    expect(perIssue).to.be.instanceOf(JiraRateLimited);
    expect((perIssue as JiraRateLimited).scope).to.equal('issue');
    expect((perIssue as JiraRateLimited).retryAfterMs).to.equal(2000);
    const burst = classifyJiraFailure(failure(429, {}, { 'ratelimit-reason': 'jira-burst-based' }), { op: 'create', site: SITE }) as JiraRateLimited;
    expect(burst.scope).to.equal('site');
    expect(burst.retryAfterMs).to.equal(undefined);
  });

  it('unknown outcomes are recognised by reason, not message', () => {
    expect(isOutcomeUnknown(classifyJiraFailure(failure(0), { op: 'create', site: SITE }))).to.equal(true);
    expect(isOutcomeUnknown(new TransientError('did not answer'))).to.equal(false);
  });

  it('a response in an unexpected shape is an internal error', () => {
    expect(classifyJiraFailure(new JiraSchemaMismatch('bad'), { op: 'read', site: SITE })).to.be.instanceOf(InternalError);
  });

  it('flattens HTML and multi-line bodies into one line', () => {
    expect(jiraMessages('<html><body>Rate\nlimited</body></html>')).to.equal('Rate limited');
  });
});
