/**
 * Sync lag for the status page, from the controller's own `tract_sync_lag_seconds` histogram: count and
 * the 50th/90th/99th percentiles per direction (all repos together, as `sum by (direction, le)`) and per
 * repo and direction, since the start, interpolated inside buckets as Prometheus' histogram_quantile does.
 */
import type { Registry } from 'prom-client';

export interface LagSummary {
  direction: string;
  /** Set on the per-repo summaries. */
  repo?: string;
  count: number;
  p50Seconds: number;
  p90Seconds: number;
  p99Seconds: number;
}

interface Bucket {
  le: number;
  cumulative: number;
}

/** Per direction, all repos summed. */
export async function summarizeLag(registry: Registry): Promise<LagSummary[]> {
  return summarize(registry, (labels) => ({ direction: String(labels.direction) }));
}

/** Per repo and direction. */
export async function summarizeLagByRepo(registry: Registry): Promise<LagSummary[]> {
  return summarize(registry, (labels) => ({ repo: String(labels.repo), direction: String(labels.direction) }));
}

type GroupOf = (labels: Record<string, string | number>) => { direction: string; repo?: string };

async function summarize(registry: Registry, groupOf: GroupOf): Promise<LagSummary[]> {
  const metric = registry.getSingleMetric('tract_sync_lag_seconds');
  if (!metric) return [];
  const { values } = await metric.get();
  const groups = new Map<string, { group: ReturnType<GroupOf>; buckets: Map<number, number> }>();
  for (const value of values) {
    if (!(value as { metricName?: string }).metricName?.endsWith('_bucket')) continue;
    const group = groupOf(value.labels as Record<string, string | number>);
    const id = JSON.stringify(group);
    const entry = groups.get(id) ?? { group, buckets: new Map<number, number>() };
    const le = value.labels.le === '+Inf' ? Infinity : Number(value.labels.le);
    entry.buckets.set(le, (entry.buckets.get(le) ?? 0) + value.value);
    groups.set(id, entry);
  }
  return [...groups.values()]
    .map(({ group, buckets }) => {
      const sorted = [...buckets].map(([le, cumulative]) => ({ le, cumulative })).sort((a, b) => a.le - b.le);
      return { ...group, count: sorted.at(-1)?.cumulative ?? 0, p50Seconds: quantile(0.5, sorted), p90Seconds: quantile(0.9, sorted), p99Seconds: quantile(0.99, sorted) };
    })
    .filter((summary) => summary.count > 0)
    .sort((a, b) => `${a.repo ?? ''} ${a.direction}`.localeCompare(`${b.repo ?? ''} ${b.direction}`));
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
