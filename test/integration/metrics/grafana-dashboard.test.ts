/**
 * deploy/grafana/tract-sync.json against a real Prometheus scraping a running controller: after syncs in
 * both directions, Jira 429s, a failing record and webhooks, every panel query returns data.
 */
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually } from '../controller/controller-harness.ts';
import { PUSH_TOKEN, addJiraWorklog, pushWorklogs, startControllerWithWebhooks, syncAndSettle } from './controller-process.ts';
import type { ControllerProcess } from './controller-process.ts';
import { startPrometheus } from './prometheus-process.ts';
import type { PrometheusProcess } from './prometheus-process.ts';

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string; refId: string }[];
  panels?: Panel[];
}
interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: { query: string } | string; allValue?: string }[] };
}

const DASHBOARD = JSON.parse(readFileSync(fileURLToPath(new URL('../../../deploy/grafana/tract-sync.json', import.meta.url)), 'utf8')) as Dashboard;

function panelQueries(dashboard: Dashboard): { panel: string; expr: string }[] {
  const walk = (panels: readonly Panel[]): Panel[] => panels.flatMap((p) => [p, ...walk(p.panels ?? [])]);
  return walk(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => ({ panel: `${p.title} [${t.refId}]`, expr: t.expr })));
}

/** Grafana's variables as an "All" selection on a Prometheus scraped every second. */
function substitute(expr: string): string {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$repo', '.*');
}

describe('Grafana dashboard: every query returns data from a real Prometheus', function () {
  this.timeout(180_000);
  let controller: ControllerProcess;
  let prometheus: PrometheusProcess;

  /** One round of everything the dashboard shows: Tract → Jira under a 429, a failing record, Jira → Tract, a git webhook. */
  async function activity(round: number): Promise<void> {
    const good = `0199a000-0000-7000-8000-0000000001${round}1`;
    const bad = `0199a000-0000-7000-8000-0000000001${round}2`;
    controller.sim.control.addFault({ method: 'POST', path: '/worklog', count: 1, action: { type: 'rateLimit', retryAfterSeconds: 1 } });
    await pushWorklogs(controller.dev, [{ id: good, issue: `APP-2${round}` }, { id: bad, issue: `APP-999${round}` }], `[tract] round ${round}`);
    expect(await syncAndSettle(controller.url, 'default/app', good)).to.equal('synced');
    expect(await syncAndSettle(controller.url, 'default/app', bad)).to.equal('failed');
    const before = (await gitLog(controller.remote, 'main')).length;
    await addJiraWorklog(controller.sim.url, `APP-3${round}`, 3600);
    await eventually(async () => ((await gitLog(controller.remote, 'main')).length > before ? true : undefined), 20_000, 'the Jira → git commit');
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const signature = `sha256=${createHmac('sha256', PUSH_TOKEN).update(body).digest('hex')}`;
    const hook = await fetch(`${controller.url}/webhook/git/default/app`, { method: 'POST', headers: { 'x-github-event': 'push', 'x-hub-signature-256': signature }, body });
    expect(hook.status).to.equal(202);
  }

  before(async () => {
    controller = await startControllerWithWebhooks();
    prometheus = await startPrometheus([controller.url]);
    await prometheus.waitForScrape();
    await activity(1);
    await prometheus.waitForScrape();
    await activity(2);
    await prometheus.waitForScrape();
    await prometheus.waitForScrape();
  });
  after(async () => {
    await prometheus?.close();
    await controller?.close();
    removeTempDirs();
  });

  it('has the panels the issue asks for', () => {
    const text = JSON.stringify(panelQueries(DASHBOARD));
    for (const metric of ['tract_sync_lag_seconds_bucket', 'tract_pending_worklogs', 'tract_failed_worklogs', 'tract_repo_suspended', 'tract_sync_errors_total', 'tract_jira_rate_limited_total', 'tract_webhooks_received_total', 'tract_last_sync_success_timestamp_seconds']) {
      expect(text, metric).to.include(metric);
    }
    expect(panelQueries(DASHBOARD).length).to.be.greaterThan(12);
  });

  it('every panel query returns data, and every quantile a number', async () => {
    const empty: string[] = [];
    for (const { panel, expr } of panelQueries(DASHBOARD)) {
      const samples = await prometheus.query(substitute(expr));
      if (samples.length === 0) empty.push(`${panel}: ${expr}`);
      if (expr.startsWith('histogram_quantile') && !samples.some((s) => Number.isFinite(Number(s.value[1])))) empty.push(`${panel} (no finite quantile): ${expr}`);
    }
    expect(empty).to.deep.equal([]);
  });

  it('lag quantiles come per repo for each direction, both directions', async () => {
    for (const direction of ['to_jira', 'from_jira']) {
      const lag = panelQueries(DASHBOARD).find((q) => q.expr.startsWith('histogram_quantile(0.5') && q.expr.includes(`direction="${direction}"`))!;
      expect((await prometheus.query(substitute(lag.expr))).map((s) => s.metric.repo), direction).to.deep.equal(['default/app']);
    }
  });

  it('every query over a per-repo metric filters by $repo', () => {
    const perRepo = /tract_(sync_lag_seconds|worklogs_synced_total|sync_errors_total|pending_worklogs|failed_worklogs|missing_worklogs|repo_suspended|condition|last_sync_success_timestamp_seconds)\b/;
    const unfiltered = panelQueries(DASHBOARD).filter((q) => perRepo.test(q.expr) && !q.expr.includes('repo=~"$repo"'));
    expect(unfiltered).to.deep.equal([]);
  });

  it('the repo variable lists the TractRepos', async () => {
    const variable = DASHBOARD.templating.list.find((v) => v.name === 'repo')!;
    const query = typeof variable.query === 'string' ? variable.query : variable.query!.query;
    const [, metric, label] = /^label_values\((\w+), (\w+)\)$/.exec(query)!;
    expect(await prometheus.labelValues(label!, metric!)).to.deep.equal(['default/app']);
  });

  it('a query for a metric the controller does not have returns nothing (the check can fail)', async () => {
    expect(await prometheus.query(substitute('sum by (repo) (tract_no_such_metric{repo=~"$repo"})'))).to.deep.equal([]);
  });
});
