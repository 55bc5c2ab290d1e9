import { expect } from 'chai';
import { ControllerMetrics } from '../../../../controller/telemetry/metrics.ts';
import type { RepoStateSample } from '../../../../controller/telemetry/metrics.ts';

const APP: RepoStateSample = { repo: 'team-a/app', ready: 'True', suspended: false, pending: 2, failed: 1 };
const PAUSED: RepoStateSample = { repo: 'team-a/paused', ready: 'False', suspended: true, pending: 0, failed: 0 };

async function text(metrics: ControllerMetrics): Promise<string> {
  return (await metrics.render()).body;
}

describe('ControllerMetrics: per-repo series', () => {
  it('reads the state gauges from the tracked repos at every scrape', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    let states: RepoStateSample[] = [APP, PAUSED];
    metrics.trackRepoStates(() => states);
    const first = await text(metrics);
    expect(first).to.include('tract_failed_worklogs{repo="team-a/app"} 1').and.include('tract_pending_worklogs{repo="team-a/app"} 2');
    expect(first).to.include('tract_repo_suspended{repo="team-a/paused"} 1').and.include('tract_repo_suspended{repo="team-a/app"} 0');
    expect(first).to.include('tract_condition{repo="team-a/paused",type="Ready",status="False"} 1');
    states = [];
    expect(await text(metrics)).to.not.match(/^tract_(failed_worklogs|pending_worklogs|repo_suspended|condition)\{/m);
  });

  it('labels lag, synced and errors with the repo, and forgets all of a repo\'s series', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    metrics.observeSyncLag('team-a/app', 'to_jira', 3);
    metrics.countSynced('team-a/app', 'from_jira', 'create');
    metrics.countSyncError('team-a/app', 'both', 'GitOperationFailed');
    metrics.countSyncError('team-b/web', 'to_jira', 'IssueNotFound');
    metrics.markSyncSuccess('team-a/app', new Date(0));
    const before = await text(metrics);
    expect(before).to.include('tract_sync_errors_total{repo="team-a/app",direction="both",reason="GitOperationFailed"} 1');
    expect(before).to.include('tract_sync_lag_seconds_count{repo="team-a/app",direction="to_jira"} 1');
    metrics.forgetRepo('team-a/app');
    const after = await text(metrics);
    expect(after).to.not.include('team-a/app');
    expect(after).to.include('tract_sync_errors_total{repo="team-b/web",direction="to_jira",reason="IssueNotFound"} 1');
  });
});
