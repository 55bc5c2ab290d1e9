import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { pushWorklogs, startControllerProcess, syncAndSettle } from './controller-process.ts';
import type { ControllerProcess } from './controller-process.ts';

/** docs/metrics.md: the metrics and labels the dashboard and alerts rely on. */
const CONTRACT: Record<string, { type: string; labels: string[] }> = {
  tract_sync_lag_seconds: { type: 'histogram', labels: ['repo', 'direction'] },
  tract_worklogs_synced_total: { type: 'counter', labels: ['repo', 'direction', 'op'] },
  tract_sync_errors_total: { type: 'counter', labels: ['repo', 'direction', 'reason'] },
  tract_pending_worklogs: { type: 'gauge', labels: ['repo'] },
  tract_failed_worklogs: { type: 'gauge', labels: ['repo'] },
  tract_repo_suspended: { type: 'gauge', labels: ['repo'] },
  tract_last_sync_success_timestamp_seconds: { type: 'gauge', labels: ['repo'] },
  tract_jira_requests_total: { type: 'counter', labels: ['site', 'op', 'code'] },
  tract_jira_request_duration_seconds: { type: 'histogram', labels: ['site', 'op'] },
  tract_jira_rate_limited_total: { type: 'counter', labels: ['site', 'reason'] },
  tract_webhooks_received_total: { type: 'counter', labels: ['source', 'outcome'] },
  tract_git_operation_duration_seconds: { type: 'histogram', labels: ['op'] },
  tract_reconcile_duration_seconds: { type: 'histogram', labels: ['result'] },
  tract_condition: { type: 'gauge', labels: ['repo', 'type', 'status'] },
};

const ID = '0199a000-0000-7000-8000-0000000000e1';

function promtool(args: readonly string[], input: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', [...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('metrics: a live /metrics of a running controller', function () {
  this.timeout(90_000);
  let controller: ControllerProcess;
  let text: string;

  before(async () => {
    controller = await startControllerProcess();
    await pushWorklogs(controller.dev, [{ id: ID, issue: 'APP-11' }]);
    expect(await syncAndSettle(controller.url, 'default/app', ID)).to.equal('synced');
    await fetch(`${controller.url}/webhook/git/default/app`, { method: 'POST', body: '{}' });
    text = await (await fetch(`${controller.url}/metrics`)).text();
  });
  after(async () => {
    await controller.close();
    removeTempDirs();
  });

  it('passes promtool check metrics', () => {
    const result = promtool(['check', 'metrics'], text);
    expect(result.output.trim()).to.equal('');
    expect(result.status).to.equal(0);
  });

  it('promtool does report badly named metrics', () => {
    const bad = '# HELP requests Requests.\n# TYPE requests counter\nrequests 1\n# HELP lagMs Lag.\n# TYPE lagMs gauge\nlagMs 3\n';
    const result = promtool(['check', 'metrics'], bad);
    expect(result.status).to.not.equal(0);
    expect(result.output).to.match(/counter metrics should have "_total" suffix/).and.match(/camelCase/);
  });

  it('exposes every metric of docs/metrics.md with its type and labels, and the default process metrics', () => {
    for (const [name, { type, labels }] of Object.entries(CONTRACT)) {
      expect(text, name).to.include(`# TYPE ${name} ${type}`);
      const sample = text.split('\n').find((line) => line.startsWith(`${name}{`) || line.startsWith(`${name}_bucket{`) || line.startsWith(`${name}_count{`));
      if (!sample) continue; // counters with labels have no series before their first event
      const names = [...sample.matchAll(/(\w+)="/g)].map((m) => m[1]).filter((l) => l !== 'le');
      expect(names, name).to.deep.equal(labels);
    }
    expect(text).to.match(/^process_resident_memory_bytes \d+/m).and.match(/^nodejs_eventloop_lag_seconds /m);
    expect(text).to.include('tract_condition{repo="default/app",type="Ready",status="True"} 1');
    expect(text).to.include('tract_condition{repo="default/app",type="Ready",status="False"} 0');
    expect(text).to.include('tract_repo_suspended{repo="default/app"} 0').and.include('tract_failed_worklogs{repo="default/app"} 0');
    expect(text).to.match(/^tract_webhooks_received_total\{source="\w+",outcome="accepted"\} 1$/m);
  });

  it('sync lag buckets span a quarter second to hours with neighbours at most 3× apart, 13 of them (the per-repo budget, docs/metrics.md)', () => {
    const bounds = [...text.matchAll(/^tract_sync_lag_seconds_bucket\{le="([^"]+)",repo="default\/app",direction="to_jira"\}/gm)].map((m) => m[1]!).filter((le) => le !== '+Inf').map(Number);
    expect(bounds).to.have.length(13);
    expect(bounds[0]).to.be.at.most(0.25);
    expect(bounds.at(-1)).to.be.at.least(6 * 3600);
    for (let i = 1; i < bounds.length; i++) expect(bounds[i]! / bounds[i - 1]!, `${bounds[i - 1]} → ${bounds[i]}`).to.be.at.most(3);
    expect(text).to.match(/^tract_sync_lag_seconds_count\{repo="default\/app",direction="to_jira"\} 1$/m);
  });
});
