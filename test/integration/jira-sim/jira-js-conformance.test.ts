import { expect } from 'chai';
import { createCloudClient } from 'jira.js';
import { type Client, createClient, isApiError, isNotFoundError, isRateLimitError } from 'jira.js/core';
import { ChangedWorklogsSchema, DashboardUserSchema, PageOfWorklogsSchema, WorklogSchema } from 'jira.js/cloud';
import { z } from 'zod';
import { DEMO_AUTH, type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { type JiraOpenApi, loadJiraOpenApi } from './openapi-conformance.ts';
import { type FetchRecorder, recordFetch } from './recording-fetch.ts';

const adf = (text: string) => ({
  type: 'doc' as const,
  version: 1,
  content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] }],
});

describe('jira-sim conformance: every endpoint through jira.js 6 (onSchemaMismatch: throw), every body against the OpenAPI document', function () {
  this.timeout(30_000);
  let sim: TestJiraSim;
  let openApi: JiraOpenApi;
  let recorder: FetchRecorder;
  let core: Client;
  let jira: ReturnType<typeof createCloudClient>;
  const checkedOperations = new Set<string>();

  /** Validates every response recorded since the last call; returns the operationIds that were checked. */
  async function expectConformant(statuses: number[] = []): Promise<string[]> {
    const responses = await recorder.take();
    expect(responses, 'responses recorded').to.not.be.empty;
    const checked: string[] = [];
    for (const response of responses) {
      statuses.push(response.status);
      const result = openApi.validate(response.method, response.path, response.status, response.body);
      expect(result.errors, `${response.method} ${response.path} ${response.status}`).to.deep.equal([]);
      if (result.checked && result.operationId !== undefined) {
        checked.push(result.operationId);
        checkedOperations.add(result.operationId);
      }
    }
    return checked;
  }

  before(async () => {
    openApi = await loadJiraOpenApi();
    sim = await startJiraSim();
    recorder = recordFetch(sim.url);
    core = createClient({ host: sim.url, auth: DEMO_AUTH.john, onSchemaMismatch: 'throw' });
    jira = createCloudClient(core);
  });

  after(async () => {
    recorder.restore();
    await sim.close();
  });

  afterEach(() => {
    expect(sim.loggedErrors).to.deep.equal([]);
  });

  it('myself, user search, user lookup and bulk user lookup', async () => {
    const me = await jira.myself.getCurrentUser();
    expect(me.emailAddress).to.equal('john.mcmullan@example.com');
    const found = await jira.userSearch.findUsers({ query: 'sarah' });
    expect(found.map((u) => u.displayName)).to.deep.equal(['Sarah Jones']);
    const one = await jira.users.getUser({ accountId: me.accountId! });
    expect(one.accountId).to.equal(me.accountId);
    const page = await core.sendRequest({
      url: '/rest/api/3/user/bulk',
      method: 'GET',
      searchParams: { accountId: [me.accountId!, found[0]!.accountId!] },
      schema: z.object({ values: z.array(DashboardUserSchema), total: z.number(), isLast: z.boolean() }).loose(),
    });
    expect(page.values.map((u) => u.displayName)).to.deep.equal(['John McMullan', 'Sarah Jones']);
    expect(await expectConformant()).to.include.members(['getCurrentUser', 'findUsers', 'getUser', 'bulkGetUsers']);
  });

  it('issue by key and by id, time-tracking options', async () => {
    const byKey = await jira.issues.getIssue({ issueIdOrKey: 'APP-2', fields: ['timetracking', 'project'] });
    expect(byKey.key).to.equal('APP-2');
    const byId = await jira.issues.getIssue({ issueIdOrKey: byKey.id! });
    expect(byId.key).to.equal('APP-2');
    const options = await jira.timeTracking.getSharedTimeTrackingConfiguration();
    expect(options).to.include({ workingHoursPerDay: 8, workingDaysPerWeek: 5 });
    expect(await expectConformant()).to.include.members(['getIssue', 'getSharedTimeTrackingConfiguration']);
  });

  it('worklog add / get / list / update / delete (v3, ADF comments, properties)', async () => {
    const created = await jira.issueWorklogs.addWorklog({
      issueIdOrKey: 'APP-3',
      started: '2026-02-14T09:00:00.000+0100',
      timeSpentSeconds: 7200,
      comment: adf('Fixed bug'),
      properties: [{ key: 'tract', value: { id: 'rec-1', repo: 'team/a' } }],
      adjustEstimate: 'auto',
      notifyUsers: false,
      expand: 'properties',
    });
    expect(created.properties).to.deep.equal([{ key: 'tract', value: { id: 'rec-1', repo: 'team/a' } }]);
    const got = await jira.issueWorklogs.getWorklog({ issueIdOrKey: 'APP-3', id: created.id! });
    expect(got.timeSpentSeconds).to.equal(7200);
    const list = await jira.issueWorklogs.getIssueWorklog({
      issueIdOrKey: 'APP-3', startAt: 0, maxResults: 10, startedAfter: Date.parse('2026-02-14T00:00:00Z'), startedBefore: Date.parse('2026-02-15T00:00:00Z'), expand: 'properties',
    });
    expect(list.total).to.equal(1);
    const updated = await jira.issueWorklogs.updateWorklog({ issueIdOrKey: 'APP-3', id: created.id!, body: { timeSpentSeconds: 10800, comment: adf('More') } });
    expect(updated.timeSpent).to.equal('3h');
    await jira.issueWorklogs.deleteWorklog({ issueIdOrKey: 'APP-3', id: created.id!, adjustEstimate: 'leave' });
    expect(await expectConformant()).to.include.members(['addWorklog', 'getWorklog', 'getIssueWorklog', 'updateWorklog']);
  });

  it('v2 twins: add and update with a plain-string comment, v2 reads', async () => {
    const created = await jira.issueWorklogs.addWorklog({ issueIdOrKey: 'APP-4', started: '2026-02-14T09:00:00.000+0000', timeSpent: '1h 30m', comment: 'plain text' });
    expect(created.timeSpentSeconds).to.equal(5400);
    await jira.issueWorklogs.updateWorklog({ issueIdOrKey: 'APP-4', id: created.id!, body: { comment: 'edited', timeSpentSeconds: 3600 } });
    const v2 = await core.sendRequest({ url: `/rest/api/2/issue/APP-4/worklog/${created.id!}`, method: 'GET', schema: WorklogSchema.extend({ comment: z.string() }) });
    expect(v2.comment).to.equal('edited');
    const page = await core.sendRequest({ url: '/rest/api/2/issue/APP-4/worklog', method: 'GET', schema: PageOfWorklogsSchema.extend({ worklogs: z.array(WorklogSchema.extend({ comment: z.string() })) }) });
    expect(page.total).to.equal(1);
    const feed = await core.sendRequest({ url: '/rest/api/2/worklog/updated', method: 'GET', searchParams: { since: 0 }, schema: ChangedWorklogsSchema });
    expect(feed.values?.map((v) => v.worklogId)).to.include(Number(created.id));
    await core.sendRequest({ url: `/rest/api/2/issue/APP-4/worklog/${created.id!}`, method: 'DELETE' });
    expect(await expectConformant()).to.include.members(['addWorklog', 'getWorklog', 'getIssueWorklog', 'getIdsOfWorklogsModifiedSince']);
  });

  it('worklog properties: set (201 then 200), keys, get, delete', async () => {
    const created = await jira.issueWorklogs.addWorklog({ issueIdOrKey: 'APP-5', started: '2026-02-14T09:00:00.000+0000', timeSpentSeconds: 600 });
    const ref = { issueIdOrKey: 'APP-5', worklogId: created.id!, propertyKey: 'tract' };
    await jira.issueWorklogProperties.setWorklogProperty({ ...ref, body: { id: 'a' } });
    await jira.issueWorklogProperties.setWorklogProperty({ ...ref, body: { id: 'b' } });
    const keys = await jira.issueWorklogProperties.getWorklogPropertyKeys({ issueIdOrKey: 'APP-5', worklogId: created.id! });
    expect(keys.keys?.map((k) => k.key)).to.deep.equal(['tract']);
    const property = await jira.issueWorklogProperties.getWorklogProperty(ref);
    expect(property.value).to.deep.equal({ id: 'b' });
    await jira.issueWorklogProperties.deleteWorklogProperty(ref);
    const statuses: number[] = [];
    expect(await expectConformant(statuses)).to.include.members(['getWorklogPropertyKeys', 'getWorklogProperty']);
    expect(statuses).to.deep.equal([201, 201, 200, 200, 200, 204]);
  });

  it('feeds: worklog/updated (with properties), worklog/deleted, worklog/list', async () => {
    const a = await jira.issueWorklogs.addWorklog({ issueIdOrKey: 'APP-6', started: '2026-02-14T09:00:00.000+0000', timeSpentSeconds: 600, properties: [{ key: 'k', value: 1 }] });
    const b = await jira.issueWorklogs.addWorklog({ issueIdOrKey: 'APP-6', started: '2026-02-14T10:00:00.000+0000', timeSpentSeconds: 600 });
    await jira.issueWorklogs.deleteWorklog({ issueIdOrKey: 'APP-6', id: b.id! });
    const updated = await jira.issueWorklogs.getIdsOfWorklogsModifiedSince({ since: 0, expand: 'properties' });
    expect(updated.values?.find((v) => v.worklogId === Number(a.id))?.properties).to.deep.equal([{ key: 'k', value: 1 }]);
    const deleted = await jira.issueWorklogs.getIdsOfWorklogsDeletedSince({ since: 0 });
    expect(deleted.values?.map((v) => v.worklogId)).to.include(Number(b.id));
    const listed = await jira.issueWorklogs.getWorklogsForIds({ ids: [Number(a.id), Number(b.id)], expand: 'properties' });
    expect(listed.map((w) => w.id)).to.deep.equal([a.id]);
    expect(await expectConformant()).to.include.members(['getIdsOfWorklogsModifiedSince', 'getIdsOfWorklogsDeletedSince', 'getWorklogsForIds']);
  });

  it('admin webhooks (/rest/webhooks/1.0/webhook): create, list, get, delete', async () => {
    const sync = createClient({ host: sim.url, auth: DEMO_AUTH.sync, onSchemaMismatch: 'throw' });
    const hook = z.object({ self: z.url(), name: z.string(), url: z.string(), events: z.array(z.string()) }).loose();
    const created = await sync.sendRequest({
      url: '/rest/webhooks/1.0/webhook',
      method: 'POST',
      body: { name: 'tract', url: 'http://127.0.0.1:9/hook', events: ['worklog_created'], filters: { 'issue-related-events-section': 'project = APP' }, excludeBody: false, secret: 's3cret' },
      schema: hook,
    });
    const id = created.self.split('/').at(-1)!;
    const list = await sync.sendRequest({ url: '/rest/webhooks/1.0/webhook', method: 'GET', schema: z.array(hook) });
    expect(list.map((w) => w.name)).to.deep.equal(['tract']);
    const one = await sync.sendRequest({ url: `/rest/webhooks/1.0/webhook/${id}`, method: 'GET', schema: hook });
    expect(one).to.not.have.property('secret');
    await sync.sendRequest({ url: `/rest/webhooks/1.0/webhook/${id}`, method: 'DELETE' });
    expect(sim.control.state().webhooks).to.deep.equal([]);
    // Not in the OpenAPI document (admin webhooks are not part of the platform REST API): nothing to check.
    expect(await expectConformant()).to.deep.equal([]);
  });

  it('the validator itself rejects a body that breaks the document (so these checks can fail)', () => {
    const bad = openApi.validate('GET', '/rest/api/3/worklog/updated', 200, { values: [{ worklogId: '1' }], extra: true });
    expect(bad.checked).to.equal(true);
    expect(bad.errors).to.have.length.greaterThan(0);
    const badDate = openApi.validate('GET', '/rest/api/2/issue/APP-1/worklog/1', 200, { id: '1', started: '14.02.2026' });
    expect(badDate.errors.join()).to.match(/started/);
  });

  it("errors reach jira.js as its typed errors, with Jira's bodies (validated where the document has a schema)", async () => {
    const missing = await jira.issues.getIssue({ issueIdOrKey: 'APP-9999' }).catch((e: unknown) => e);
    expect(isNotFoundError(missing)).to.equal(true);
    const badStarted = await jira.issueWorklogs
      .addWorklog({ issueIdOrKey: 'APP-7', started: '2026-02-14T09:00:00.000Z', timeSpentSeconds: 60 })
      .catch((e: unknown) => e);
    expect(isApiError(badStarted) && badStarted.status).to.equal(400);
    sim.control.addFault({ count: 1, path: '/myself$', action: { type: 'rateLimit', retryAfterSeconds: 2 } });
    const limited = await jira.myself.getCurrentUser().catch((e: unknown) => e);
    expect(isRateLimitError(limited) && limited.retryAfterMs).to.equal(2000);
    await expectConformant();
  });

  it('covered every worklog-related operation of the document', () => {
    expect([...checkedOperations]).to.include.members([
      'getCurrentUser', 'findUsers', 'getUser', 'bulkGetUsers', 'getIssue', 'getSharedTimeTrackingConfiguration',
      'addWorklog', 'getWorklog', 'getIssueWorklog', 'updateWorklog', 'getIdsOfWorklogsModifiedSince',
      'getIdsOfWorklogsDeletedSince', 'getWorklogsForIds', 'getWorklogPropertyKeys', 'getWorklogProperty',
    ]);
  });
});
