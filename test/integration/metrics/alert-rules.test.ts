/**
 * The chart's PrometheusRule through promtool: the rules parse (`check rules`) and each alert fires
 * exactly when it should on synthetic series (`test rules`).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { find, renderChart } from '../deploy/helm.ts';

interface AlertRule {
  alert: string;
  expr: string;
  annotations: Record<string, string>;
}

function promtool(args: readonly string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', [...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const NOT_READY = {
  interval: '1m',
  input_series: [
    { series: 'tract_condition{repo="team-a/app",type="Ready",status="False"}', values: '1x30' },
    { series: 'tract_condition{repo="team-a/ok",type="Ready",status="False"}', values: '0x30' },
  ],
  alert_rule_test: [
    { eval_time: '10m', alertname: 'TractRepoNotReady', exp_alerts: [] },
    {
      eval_time: '16m', alertname: 'TractRepoNotReady',
      exp_alerts: [{
        exp_labels: { severity: 'warning', repo: 'team-a/app' },
        exp_annotations: {
          summary: 'TractRepo team-a/app has not been Ready for 15m',
          description: 'kubectl describe tractrepo shows the Ready condition\'s reason and message; the status page lists failed records.',
        },
      }],
    },
  ],
};

const STALE = {
  interval: '1m',
  input_series: [
    // Last success at t=0, never again; the other repo succeeds every minute.
    { series: 'tract_last_sync_success_timestamp_seconds{repo="team-a/stuck"}', values: '0x30' },
    { series: 'tract_last_sync_success_timestamp_seconds{repo="team-a/fresh"}', values: '0+60x30' },
  ],
  alert_rule_test: [
    { eval_time: '3m', alertname: 'TractRepoSyncStale', exp_alerts: [] },
    {
      eval_time: '5m', alertname: 'TractRepoSyncStale',
      exp_alerts: [{
        exp_labels: { severity: 'warning', repo: 'team-a/stuck' },
        exp_annotations: {
          summary: 'TractRepo team-a/stuck last synced 5m 0s ago',
          description: 'No successful sync for more than 4 × the 60s interval: check the controller\'s log and the TractRepo\'s conditions.',
        },
      }],
    },
  ],
};

const RATE_LIMITED = {
  interval: '1m',
  input_series: [
    { series: 'tract_jira_rate_limited_total{site="https://acme.atlassian.net",reason="jira-burst-based"}', values: '0+12x40' },
    { series: 'tract_jira_rate_limited_total{site="https://quiet.atlassian.net",reason="jira-burst-based"}', values: '0+1x40' },
  ],
  alert_rule_test: [
    { eval_time: '8m', alertname: 'TractJiraRateLimited', exp_alerts: [] },
    {
      eval_time: '20m', alertname: 'TractJiraRateLimited',
      exp_alerts: [{
        exp_labels: { severity: 'warning', site: 'https://acme.atlassian.net' },
        exp_annotations: {
          summary: 'Jira https://acme.atlassian.net answers 429 to Tract 0.20 times per second',
          description: 'Sync slows down while Jira rate-limits; lower spec.sync.batchSize or raise spec.sync.batchInterval of the TractRepos on this site.',
        },
      }],
    },
  ],
};

describe('alerts: the chart’s PrometheusRule under promtool', function () {
  this.timeout(60_000);
  let dir: string;
  let rules: AlertRule[];

  before(async () => {
    const objects = await renderChart([], ['prometheusRule.enabled=true']);
    const spec = (find(objects, 'PrometheusRule')[0] as unknown as { spec: { groups: { rules: AlertRule[] }[] } }).spec;
    rules = spec.groups.flatMap((g) => g.rules);
    dir = tempDir('tract-alert-rules-');
    writeFileSync(join(dir, 'rules.yaml'), stringify(spec));
  });
  after(() => removeTempDirs());

  it('has the three alerts of the issue: Ready false 15m, staleness over 4× the interval, Jira 429 rate', () => {
    expect(rules.map((r) => r.alert)).to.deep.equal(['TractRepoNotReady', 'TractRepoSyncStale', 'TractJiraRateLimited']);
    expect(rules[1]!.expr).to.match(/> 240$/);
  });

  it('promtool check rules accepts them', () => {
    const result = promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(result.status, result.output).to.equal(0);
    expect(result.output).to.match(/SUCCESS: 3 rules found/);
  });

  it('promtool test rules: each alert fires when it should and only then', () => {
    writeFileSync(join(dir, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [NOT_READY, STALE, RATE_LIMITED] }));
    const result = promtool(['test', 'rules', 'tests.yaml'], dir);
    expect(result.status, result.output).to.equal(0);
  });

  it('promtool test rules does fail when an expectation is wrong', () => {
    const wrong = structuredClone(NOT_READY);
    wrong.alert_rule_test[0]!.eval_time = '16m';
    writeFileSync(join(dir, 'wrong.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [wrong] }));
    expect(promtool(['test', 'rules', 'wrong.yaml'], dir).status).to.not.equal(0);
  });
});
