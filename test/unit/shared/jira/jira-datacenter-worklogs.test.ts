import { expect } from 'chai';
import { JiraDataCenterWorklogs } from '../../../../shared/jira/jira-datacenter-worklogs.ts';
import { createJiraTransport } from '../../../../shared/jira/jira-transport.ts';
import { AuthError } from '../../../../shared/core/tract-error.ts';
import { FROM_JIRA_SEED } from '../../../support/from-jira-harness.ts';
import { startJiraSim } from '../../../support/jira-sim.ts';
import type { TestJiraSim } from '../../../support/jira-sim.ts';

const OPTIONS = { adjustEstimate: 'leave', notifyUsers: false } as const;

describe('JiraDataCenterWorklogs (against the simulator in Data Center mode)', () => {
  let sim: TestJiraSim;
  let jira: JiraDataCenterWorklogs;

  beforeEach(async () => {
    sim = await startJiraSim({ seed: FROM_JIRA_SEED, flavor: 'datacenter' });
    jira = new JiraDataCenterWorklogs(`${sim.url}/`, createJiraTransport({ host: sim.url, auth: { type: 'bearer', token: 'pat-tract-sync' } }));
  });
  afterEach(async () => {
    await sim.close();
  });

  it('creates a worklog on v2 with a plain comment and the tract property, as the token\'s user', async () => {
    const created = await jira.createWorklog('APP-1', { started: '2026-02-14T09:00:00.000+01:00', timeSpentSeconds: 7200, comment: '[john.mcmullan] Fixed bug' },
      { id: 'rec-1', repo: 'team-a/app', author: 'john.mcmullan' }, OPTIONS);
    expect(created).to.deep.include({ issueId: created.issueId, timeSpentSeconds: 7200, comment: '[john.mcmullan] Fixed bug' });
    expect(created.author.name).to.equal('tract-sync');
    expect(created.author.accountId).to.equal(undefined);
    expect(created.started.getTime()).to.equal(Date.parse('2026-02-14T08:00:00.000Z'));
    expect(created.tract).to.deep.equal({ id: 'rec-1', repo: 'team-a/app', author: 'john.mcmullan' });
    const posts = sim.control.requests().filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.path, r.user, r.status])).to.deep.equal([['/rest/api/2/issue/APP-1/worklog', 'tract-sync', 201]]);
    expect(jira.site).to.equal(sim.url);
  });

  it('updates, finds by property, reads by id and through the feeds, and deletes idempotently', async () => {
    const created = await jira.createWorklog('APP-2', { started: '2026-02-14T09:00:00.000+00:00', timeSpentSeconds: 3600 }, { id: 'rec-2', repo: 'team-a/app' }, OPTIONS);
    const updated = await jira.updateWorklog('APP-2', created.id, { started: '2026-02-14T09:00:00.000+00:00', timeSpentSeconds: 5400, comment: 'more' }, OPTIONS);
    expect(updated).to.deep.include({ timeSpentSeconds: 5400, comment: 'more' });
    expect([...(await jira.fetchTractWorklogs('APP-2')).keys()]).to.deep.equal(['rec-2']);
    const [byId] = await jira.fetchWorklogsByIds([created.id]);
    expect(byId).to.deep.include({ id: created.id, timeSpentSeconds: 5400, tract: { id: 'rec-2', repo: 'team-a/app' } });
    const changed = await jira.fetchChangedSince('updated', 0);
    expect(changed.values.map((v) => [v.worklogId, v.tract?.id])).to.deep.equal([[created.id, 'rec-2']]);
    expect(changed.lastPage).to.equal(true);
    await jira.deleteWorklog('APP-2', created.id, OPTIONS);
    await jira.deleteWorklog('APP-2', created.id, OPTIONS);
    expect((await jira.fetchChangedSince('deleted', 0)).values.map((v) => v.worklogId)).to.deep.equal([created.id]);
    expect(await jira.fetchWorklogsByIds([created.id])).to.deep.equal([]);
  });

  it('reads issues and the current user by name', async () => {
    expect(await jira.fetchIssue('APP-3')).to.deep.include({ key: 'APP-3', projectKey: 'APP' });
    expect(await jira.fetchMyself()).to.deep.include({ name: 'tract-sync', timeZone: 'UTC' });
  });

  it('classifies a rejected personal access token as an AuthError', async () => {
    const wrong = new JiraDataCenterWorklogs(sim.url, createJiraTransport({ host: sim.url, auth: { type: 'bearer', token: 'expired' } }));
    const err = await wrong.fetchMyself().then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(AuthError);
  });
});
