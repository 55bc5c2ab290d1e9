import { expect } from 'chai';
import { JiraConnections } from '../../../../controller/jira/jira-connections.ts';
import { siteOfResource } from '../../../../controller/jira/jira-site-url.ts';
import { ControllerMetrics } from '../../../../controller/telemetry/metrics.ts';
import type { JiraWorklogs } from '../../../../shared/jira/jira-worklogs.ts';

function connections(sites: string[] = []): JiraConnections {
  return new JiraConnections({
    timeoutMs: 1_000,
    metrics: new ControllerMetrics({ defaultMetrics: false }),
    time: { nowMs: () => 0, sleep: async () => undefined, random: () => 0.5 },
    factory: (_flavor, site) => {
      sites.push(site);
      return { site } as unknown as JiraWorklogs;
    },
  });
}

const BATCH = { batchSize: 10, batchIntervalMs: 100 };
const TOKEN = { type: 'bearer', token: 't' } as const;

describe('JiraConnections', () => {
  it('keys a site as the webhook routing does: https://Example.atlassian.net/ and https://example.atlassian.net share one site queue', () => {
    const jira = connections();
    const upper = jira.siteQueue('https://Example.atlassian.net/', BATCH);
    const lower = jira.siteQueue('https://example.atlassian.net', BATCH);
    expect(upper).to.equal(lower);
    expect(upper.site).to.equal('https://example.atlassian.net');
    expect(upper.site, 'the site a webhook event is routed by').to.equal(siteOfResource('https://EXAMPLE.atlassian.net/rest/api/2/issue/1/worklog/2'));
    expect(jira.siteQueue('https://other.atlassian.net', BATCH)).to.not.equal(lower);
  });

  it('keeps a Data Center context path, and shares one adapter per site and credential', () => {
    const sites: string[] = [];
    const jira = connections(sites);
    expect(jira.siteQueue('https://Jira.Example.com/jira/', BATCH).site).to.equal('https://jira.example.com/jira');
    const first = jira.worklogs('https://Example.atlassian.net/', TOKEN, 'cloud');
    expect(jira.worklogs('https://example.atlassian.net', TOKEN, 'cloud')).to.equal(first);
    expect(jira.worklogs('https://example.atlassian.net', { type: 'bearer', token: 'other' }, 'cloud')).to.not.equal(first);
    expect(sites).to.deep.equal(['https://example.atlassian.net', 'https://example.atlassian.net']);
  });
});
