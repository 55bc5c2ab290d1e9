import { expect } from 'chai';
import { ControllerMetrics } from '../../../../controller/telemetry/metrics.ts';
import { summarizeLag } from '../../../../controller/server/status-page-lag.ts';
import { formatSeconds } from '../../../../controller/server/status-page.ts';

describe('status page: sync lag from the histogram', () => {
  it('interpolates quantiles inside buckets as histogram_quantile does, per direction with data only', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    for (let i = 0; i < 10; i++) metrics.observeSyncLag('team-a/app', 'to_jira', 1);
    const [lag, ...rest] = await summarizeLag(metrics.registry);
    expect(rest).to.deep.equal([]);
    expect(lag).to.include({ direction: 'to_jira', count: 10 });
    expect(lag!.p50Seconds).to.be.closeTo(1.375, 1e-9);
    expect(lag!.p99Seconds).to.be.closeTo(1.9875, 1e-9);
  });

  it('sums the repos of one direction, as sum by (direction, le) does', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    for (let i = 0; i < 3; i++) metrics.observeSyncLag('team-a/app', 'to_jira', 1);
    metrics.observeSyncLag('team-b/web', 'to_jira', 100);
    const [lag, ...rest] = await summarizeLag(metrics.registry);
    expect(rest).to.deep.equal([]);
    expect(lag).to.include({ direction: 'to_jira', count: 4 });
    expect(lag!.p50Seconds).to.be.within(0.75, 2);
    expect(lag!.p99Seconds).to.be.within(90, 270);
  });

  it('reports the highest finite bucket for lags beyond it, and splits directions', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    metrics.observeSyncLag('team-a/app', 'from_jira', 90_000);
    metrics.observeSyncLag('team-a/app', 'to_jira', 3);
    const lags = await summarizeLag(metrics.registry);
    expect(lags.map((l) => l.direction)).to.deep.equal(['from_jira', 'to_jira']);
    expect(lags[0]!.p50Seconds).to.equal(21_600);
    expect(lags[1]!.p50Seconds).to.be.within(2, 5);
  });

  it('formats seconds for people', () => {
    expect([0.0123, 4.56, 250, 7_500].map(formatSeconds)).to.deep.equal(['12 ms', '4.6 s', '4m 10s', '2h 5m']);
  });
});
