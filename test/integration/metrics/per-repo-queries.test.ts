/**
 * The dashboard's per-repo questions against a real Prometheus scraping a controller with two repos:
 * `default/app` is healthy but holds one worklog Jira refuses, `default/cut` synced once and then lost
 * its git remote. Each of the dashboard's lag, error-rate and failed-record queries, with `$repo` set to
 * one repo, returns that repo's series only, and the git failures of the cut repo show in its error rate.
 */
import { expect } from 'chai';
import { readFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeBareRemote, makeClone, removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually } from '../controller/controller-harness.ts';
import { pushWorklogs, startControllerProcess, syncAndSettle } from './controller-process.ts';
import type { ControllerProcess } from './controller-process.ts';
import { startPrometheus } from './prometheus-process.ts';
import type { PrometheusProcess, PromSample } from './prometheus-process.ts';

interface Panel {
  title: string;
  targets?: { expr: string }[];
}

const PANELS = (JSON.parse(readFileSync(fileURLToPath(new URL('../../../deploy/grafana/tract-sync.json', import.meta.url)), 'utf8')) as { panels: Panel[] }).panels;

/** The first query of the dashboard panel titled `title`. */
function panelQuery(title: string): string {
  const panel = PANELS.find((p) => p.title === title);
  if (!panel?.targets?.[0]) throw new Error(`no dashboard panel "${title}"`);
  return panel.targets[0].expr;
}

const LAG_TO_JIRA = panelQuery('Sync lag git → Jira, per repo');
const ERROR_RATE = panelQuery('Sync error rate per repo, by direction and reason');
const FAILED = panelQuery('Failed and missing worklogs per repo');

describe('per-repo dashboard queries: a healthy repo and one whose git remote is cut (real Prometheus)', function () {
  this.timeout(180_000);
  let controller: ControllerProcess;
  let prometheus: PrometheusProcess;
  let cutRemote: string;

  /** The dashboard query with Grafana's variables: `$repo` selecting one TractRepo. */
  const query = (expr: string, repo: string): Promise<PromSample[]> => prometheus.query(expr.replaceAll('$__rate_interval', '1m').replaceAll('$repo', repo));
  const repos = (samples: readonly PromSample[]): string[] => [...new Set(samples.map((s) => s.metric.repo ?? ''))];

  before(async () => {
    cutRemote = await makeBareRemote();
    const cutDev = await makeClone(cutRemote);
    controller = await startControllerProcess({ repos: (remote) => [{ name: 'app', remote }, { name: 'cut', remote: cutRemote }] });
    prometheus = await startPrometheus([controller.url]);
    await pushWorklogs(controller.dev, [{ id: '0199a000-0000-7000-8000-0000000003a1', issue: 'APP-4' }, { id: '0199a000-0000-7000-8000-0000000003a2', issue: 'APP-9999' }]);
    expect(await syncAndSettle(controller.url, 'default/app', '0199a000-0000-7000-8000-0000000003a1')).to.equal('synced');
    expect(await syncAndSettle(controller.url, 'default/app', '0199a000-0000-7000-8000-0000000003a2')).to.equal('failed');
    await pushWorklogs(cutDev, [{ id: '0199a000-0000-7000-8000-0000000003b1', issue: 'APP-6' }]);
    expect(await syncAndSettle(controller.url, 'default/cut', '0199a000-0000-7000-8000-0000000003b1')).to.equal('synced');
    await prometheus.waitForScrape();
    renameSync(cutRemote, `${cutRemote}.cut`);
    expect((await fetch(`${controller.url}/api/v1/repos/default/cut/sync`, { method: 'POST' })).status).to.equal(202);
    // The failed pass is retried with backoff: its errors keep counting while the remote is gone.
    await eventually(async () => ((await query(ERROR_RATE, 'default/cut')).some((s) => Number(s.value[1]) > 0) ? true : undefined), 60_000, 'git errors of default/cut in the error rate');
  });
  after(async () => {
    await prometheus?.close();
    await controller?.close();
    removeTempDirs();
  });

  it('the lag query returns the selected repo’s series only', async () => {
    expect(repos(await query(LAG_TO_JIRA, 'default/app'))).to.deep.equal(['default/app']);
    expect(repos(await query(LAG_TO_JIRA, 'default/cut'))).to.deep.equal(['default/cut']);
    expect(repos(await query(LAG_TO_JIRA, '.*')).sort()).to.deep.equal(['default/app', 'default/cut']);
  });

  it('git failures of the cut repo appear in its error rate (direction both, a git reason), and not in the healthy repo’s', async () => {
    const cut = await query(ERROR_RATE, 'default/cut');
    expect(repos(cut)).to.deep.equal(['default/cut']);
    const git = cut.filter((s) => s.metric.direction === 'both' && /^Git/.test(s.metric.reason ?? ''));
    expect(git.map((s) => Number(s.value[1])).some((rate) => rate > 0), JSON.stringify(cut)).to.equal(true);
    const app = await query(ERROR_RATE, 'default/app');
    expect(repos(app)).to.deep.equal(['default/app']);
    expect(app.map((s) => s.metric.direction)).to.not.include('both');
  });

  it('only the cut repo is not Ready: the refused worklog leaves its repo Ready (so TractRepoNotReady pages for the cut one only)', async () => {
    const notReady = await prometheus.query('max by (repo) (tract_condition{type="Ready", status="False"}) == 1');
    expect(repos(notReady)).to.deep.equal(['default/cut']);
    expect((await query(panelQuery('Repos not Ready'), 'default/app')).map((s) => Number(s.value[1]))).to.deep.equal([0]);
    expect((await query(panelQuery('Repos not Ready'), '.*')).map((s) => Number(s.value[1]))).to.deep.equal([1]);
  });

  it('the failed-record query counts the refused worklog on its repo only', async () => {
    const app = await query(FAILED, 'default/app');
    expect(app.map((s) => [s.metric.repo, Number(s.value[1])])).to.deep.equal([['default/app', 1]]);
    expect((await query(FAILED, 'default/cut')).map((s) => [s.metric.repo, Number(s.value[1])])).to.deep.equal([['default/cut', 0]]);
  });
});
