/**
 * The chart's PrometheusRule through promtool: the rules parse (`check rules`) and each alert fires
 * exactly when it should on synthetic series (`test rules`).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const JOB = 'tract-tract-controller';
const RUNBOOK = 'docs/runbook.md';
/** The controller is scraped and leads: the background of every case but "down". */
const CONTROLLER_UP = [
  { series: `up{job="${JOB}",instance="10.0.0.5:3100"}`, values: '1x40' },
  { series: `tract_leader_election_master_status{job="${JOB}",instance="10.0.0.5:3100",lease="tract-system/tract-tract-controller-leader"}`, values: '1x40' },
];
const ALL_ALERTS = ['TractControllerDown', 'TractRepoNotReady', 'TractRepoSyncStale', 'TractWorklogsFailed', 'TractJiraRateLimited'];
const silentAt = (evalTime: string): { eval_time: string; alertname: string; exp_alerts: [] }[] => ALL_ALERTS.map((alertname) => ({ eval_time: evalTime, alertname, exp_alerts: [] }));

const NOT_READY = {
  interval: '1m',
  input_series: [
    ...CONTROLLER_UP,
    { series: 'tract_condition{repo="team-a/app",type="Ready",status="False"}', values: '1x30' },
    { series: 'tract_condition{repo="team-a/ok",type="Ready",status="False"}', values: '0x30' },
    { series: 'tract_repo_suspended{repo="team-a/app"}', values: '0x30' },
  ],
  alert_rule_test: [
    { eval_time: '10m', alertname: 'TractRepoNotReady', exp_alerts: [] },
    {
      eval_time: '16m', alertname: 'TractRepoNotReady',
      exp_alerts: [{
        exp_labels: { severity: 'critical', repo: 'team-a/app' },
        exp_annotations: {
          summary: 'TractRepo team-a/app has not been Ready for 15m',
          description: 'kubectl describe tractrepo shows the Ready condition\'s reason and message; the sync of the whole repo is blocked.',
          runbook_url: `${RUNBOOK}#tractreponotready`,
        },
      }],
    },
    { eval_time: '16m', alertname: 'TractControllerDown', exp_alerts: [] },
  ],
};

/** Suspended on purpose: Ready False (Suspended), no sync for long, a failed record kept — and not one alert. */
const SUSPENDED = {
  interval: '1m',
  input_series: [
    ...CONTROLLER_UP,
    { series: 'tract_condition{repo="team-a/paused",type="Ready",status="False"}', values: '1x40' },
    { series: 'tract_repo_suspended{repo="team-a/paused"}', values: '1x40' },
    { series: 'tract_last_sync_success_timestamp_seconds{repo="team-a/paused"}', values: '0x40' },
    { series: 'tract_failed_worklogs{repo="team-a/paused"}', values: '1x40' },
  ],
  alert_rule_test: silentAt('35m'),
};

/** One worklog with a bad issue key: a warning with the count; the repo stays Ready, nothing pages. */
const ONE_FAILED = {
  interval: '1m',
  input_series: [
    ...CONTROLLER_UP,
    { series: 'tract_condition{repo="team-a/app",type="Ready",status="True"}', values: '1x30' },
    { series: 'tract_condition{repo="team-a/app",type="Ready",status="False"}', values: '0x30' },
    { series: 'tract_repo_suspended{repo="team-a/app"}', values: '0x30' },
    { series: 'tract_last_sync_success_timestamp_seconds{repo="team-a/app"}', values: '0+60x30' },
    { series: 'tract_failed_worklogs{repo="team-a/app"}', values: '1x30' },
  ],
  alert_rule_test: [
    { eval_time: '5m', alertname: 'TractWorklogsFailed', exp_alerts: [] },
    {
      eval_time: '20m', alertname: 'TractWorklogsFailed',
      exp_alerts: [{
        exp_labels: { severity: 'warning', repo: 'team-a/app' },
        exp_annotations: {
          summary: '1 worklog(s) of TractRepo team-a/app failed to sync',
          description: 'Jira refused these records (e.g. an unknown issue key); the others sync. tract status or the status page lists each with Jira\'s reason.',
          runbook_url: `${RUNBOOK}#tractworklogsfailed`,
        },
      }],
    },
    ...silentAt('20m').filter((t) => t.alertname !== 'TractWorklogsFailed'),
  ],
};

/** The controller scraped, then its target down; then not scraped at all (its series gone): it pages. */
const CONTROLLER_DOWN = {
  interval: '1m',
  input_series: [
    { series: `up{job="${JOB}",instance="10.0.0.5:3100"}`, values: '1x5 0x10 _x20' },
    { series: `tract_leader_election_master_status{job="${JOB}",instance="10.0.0.5:3100",lease="tract-system/tract-tract-controller-leader"}`, values: '1x5 _x30' },
    { series: 'tract_last_sync_success_timestamp_seconds{repo="team-a/app"}', values: '0+60x5 _x30' },
  ],
  alert_rule_test: [
    { eval_time: '4m', alertname: 'TractControllerDown', exp_alerts: [] },
    ...[12, 30].map((minutes) => ({
      eval_time: `${minutes}m`, alertname: 'TractControllerDown',
      exp_alerts: [{
        exp_labels: { severity: 'critical' },
        exp_annotations: {
          summary: `No Tract controller replica of job ${JOB} is scraped and leading`,
          description: 'Nothing syncs between git and Jira while no replica leads: check the pods, their logs and the leader Lease.',
          runbook_url: `${RUNBOOK}#tractcontrollerdown`,
        },
      }],
    })),
    // The staleness alert goes quiet with the controller's series; the down alert is what pages.
    { eval_time: '30m', alertname: 'TractRepoSyncStale', exp_alerts: [] },
  ],
};

const STALE = {
  interval: '1m',
  input_series: [
    ...CONTROLLER_UP,
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
          runbook_url: `${RUNBOOK}#tractreposyncstale`,
        },
      }],
    },
  ],
};

const RATE_LIMITED = {
  interval: '1m',
  input_series: [
    ...CONTROLLER_UP,
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
          runbook_url: `${RUNBOOK}#tractjiraratelimited`,
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

  it('has the alerts of the runbook, each linking its section of docs/runbook.md', () => {
    expect(rules.map((r) => r.alert)).to.deep.equal(ALL_ALERTS);
    expect(rules[2]!.expr).to.match(/> 240\)/);
    const runbook = readFileSync(fileURLToPath(new URL('../../../docs/runbook.md', import.meta.url)), 'utf8');
    for (const rule of rules) {
      expect(rule.annotations.runbook_url).to.equal(`${RUNBOOK}#${rule.alert.toLowerCase()}`);
      expect(runbook, rule.alert).to.match(new RegExp(`^## ${rule.alert}$`, 'm'));
    }
  });

  it('promtool check rules accepts them', () => {
    const result = promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(result.status, result.output).to.equal(0);
    expect(result.output).to.match(/SUCCESS: 5 rules found/);
  });

  for (const [name, test] of Object.entries({ 'a repo not Ready for real pages': NOT_READY, 'a suspended repo is silent': SUSPENDED, 'one failed record only warns': ONE_FAILED, 'a controller down or not scraped pages': CONTROLLER_DOWN, 'staleness warns': STALE, 'Jira 429s warn': RATE_LIMITED })) {
    it(`promtool test rules: ${name}`, () => {
      writeFileSync(join(dir, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [test] }));
      const result = promtool(['test', 'rules', 'tests.yaml'], dir);
      expect(result.status, result.output).to.equal(0);
    });
  }

  it('the suspended and failed-record cases do catch rules that ignore suspension or page on one record', () => {
    const unsuspended = { groups: [{ name: 'mutant', rules: rules.map((r) => ({ ...r, expr: r.expr.replace(/ unless on \(repo\) .*$/, '') })) }] };
    writeFileSync(join(dir, 'mutant.yaml'), stringify(unsuspended));
    writeFileSync(join(dir, 'mutant-tests.yaml'), stringify({ rule_files: ['mutant.yaml'], evaluation_interval: '1m', tests: [SUSPENDED] }));
    expect(promtool(['test', 'rules', 'mutant-tests.yaml'], dir).status).to.not.equal(0);
    const paging = { groups: [{ name: 'mutant', rules: rules.map((r) => (r.alert === 'TractWorklogsFailed' ? { ...r, alert: 'TractRepoNotReady' } : r)) }] };
    writeFileSync(join(dir, 'mutant.yaml'), stringify(paging));
    writeFileSync(join(dir, 'mutant-tests.yaml'), stringify({ rule_files: ['mutant.yaml'], evaluation_interval: '1m', tests: [ONE_FAILED] }));
    expect(promtool(['test', 'rules', 'mutant-tests.yaml'], dir).status).to.not.equal(0);
  });

  it('promtool test rules does fail when an expectation is wrong', () => {
    const wrong = structuredClone(NOT_READY);
    wrong.alert_rule_test[0]!.eval_time = '16m';
    writeFileSync(join(dir, 'wrong.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [wrong] }));
    expect(promtool(['test', 'rules', 'wrong.yaml'], dir).status).to.not.equal(0);
  });
});
