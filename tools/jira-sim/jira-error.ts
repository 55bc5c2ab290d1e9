/**
 * Jira's error envelope (`ErrorCollection`) and the messages real Jira sends, each with where it comes from
 * (docs/jira-api.md "Errors" and docs/jira-sim.md "Jira's rules" unless noted). Routes throw `JiraHttpError`; one error middleware
 * renders it.
 */

export interface ErrorCollection {
  errorMessages: string[];
  errors: Record<string, string>;
  status?: number;
}

export class JiraHttpError extends Error {
  readonly status: number;
  readonly body: ErrorCollection;
  readonly headers: Record<string, string>;

  constructor(status: number, body: ErrorCollection, headers: Record<string, string> = {}) {
    super(body.errorMessages[0] ?? Object.values(body.errors)[0] ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export const JIRA_MESSAGES = {
  issueNotFound: 'Issue does not exist or you do not have permission to see it.',
  worklogNotFound: 'Cannot find worklog with id: ',
  worklogNull: 'Worklog must not be null.',
  startedFormat: 'Invalid date format. Please enter the date in the format "yyyy-MM-dd\'T\'HH:mm:ss.SSSZ".',
  startedRequired: 'Date started must be specified.',
  timeRequired: 'You must indicate the time spent working.',
  timeInvalid: 'Invalid time duration entered.',
  newEstimate: 'You must supply a valid new estimate.',
  adjustmentMissing: 'You must supply a valid amount of time to adjust the estimate by.',
  adjustmentInvalid: 'Invalid time entered for adjusting the estimate.',
  noWorkPermission: 'You do not have the permission to associate a worklog to this issue.',
  notEditable: 'You can not edit the issue as it is in a non-editable workflow state.',
  timeTrackingDisabled: 'Can not perform the requested operation, time tracking is disabled in JIRA.',
  worklogLimit: 'The number of worklogs on this issue has reached the limit of ',
  adfRequired: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
  cloudUnauthenticated: 'Client must be authenticated to access this resource.',
  dcUnauthenticated: 'You are not authenticated. Authentication required to perform this operation.',
  rateLimited: 'The request has been rate-limited. Please try again later.',
  invalidPayload: 'Invalid request payload. Refer to the REST API documentation and try again.',
  tooLarge: 'The request body is too large.',
  internal: 'Internal server error.',
  notFound: 'null for uri: ',
  propertyNotFound: 'The property with key ',
  webhookAdmin: 'Only Jira administrators can manage webhooks.',
} as const;

export function errorBody(errorMessages: string[], errors: Record<string, string> = {}): ErrorCollection {
  return { errorMessages, errors };
}

export function badRequest(errorMessages: string[], errors: Record<string, string> = {}): JiraHttpError {
  return new JiraHttpError(400, errorBody(errorMessages, errors));
}

/** A 400 about worklog fields: Jira prefixes these with "Worklog must not be null." (CAP-A). */
export function worklogInvalid(errors: Record<string, string>): JiraHttpError {
  return badRequest([JIRA_MESSAGES.worklogNull], errors);
}

export function issueNotFound(): JiraHttpError {
  return new JiraHttpError(404, errorBody([JIRA_MESSAGES.issueNotFound]));
}

export function worklogNotFound(id: string): JiraHttpError {
  return new JiraHttpError(404, errorBody([`${JIRA_MESSAGES.worklogNotFound}${id}`]));
}

export function forbidden(message: string): JiraHttpError {
  return new JiraHttpError(403, errorBody([message]));
}

export function notFound(message: string): JiraHttpError {
  return new JiraHttpError(404, errorBody([message]));
}
