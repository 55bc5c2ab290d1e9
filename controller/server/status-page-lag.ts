/**
 * Sync lag for the status page, from the controller's own `tract_sync_lag_seconds` histogram: count and
 * the 50th/90th/99th percentiles per direction (all repos together) since the start, interpolated inside buckets as
 * Prometheus' histogram_quantile does.
 */
import type { Registry } from 'prom-client';

export interface LagSummary {
  direction: string;
  count: number;
  p50Seconds: number;
  p90Seconds: number;
  p99Seconds: number;
}

interface Bucket {
  le: number;
  cumulative: number;
}

export async function summarizeLag(registry: Registry): Promise<LagSummary[]> {
  const metric = registry.getSingleMetric('tract_sync_lag_seconds');
  if (!metric) return [];
  const { values } = await metric.get();
  // Summed over repos, as `sum by (direction, le)` would.
  const byDirection = new Map<string, Map<number, number>>();
  for (const value of values) {
    if (!(value as { metricName?: string }).metricName?.endsWith('_bucket')) continue;
    const direction = String(value.labels.direction);
    const le = value.labels.le === '+Inf' ? Infinity : Number(value.labels.le);
    const buckets = byDirection.get(direction) ?? new Map<number, number>();
    buckets.set(le, (buckets.get(le) ?? 0) + value.value);
    byDirection.set(direction, buckets);
  }
  return [...byDirection]
    .map(([direction, buckets]) => {
      const sorted = [...buckets].map(([le, cumulative]) => ({ le, cumulative })).sort((a, b) => a.le - b.le);
      return { direction, count: sorted.at(-1)?.cumulative ?? 0, p50Seconds: quantile(0.5, sorted), p90Seconds: quantile(0.9, sorted), p99Seconds: quantile(0.99, sorted) };
    })
    .filter((summary) => summary.count > 0)
    .sort((a, b) => a.direction.localeCompare(b.direction));
}

function quantile(q: number, buckets: readonly Bucket[]): number {
  const total = buckets.at(-1)?.cumulative ?? 0;
  const rank = q * total;
  let lowerLe = 0;
  let lowerCount = 0;
  for (const bucket of buckets) {
    if (bucket.cumulative >= rank) {
      // Above the highest finite bound there is nothing to interpolate: report that bound.
      if (bucket.le === Infinity) return lowerLe;
      const inBucket = bucket.cumulative - lowerCount;
      return inBucket === 0 ? bucket.le : lowerLe + ((bucket.le - lowerLe) * (rank - lowerCount)) / inBucket;
    }
    lowerLe = bucket.le;
    lowerCount = bucket.cumulative;
  }
  return lowerLe;
}
