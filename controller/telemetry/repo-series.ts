/**
 * Which label sets of a per-repo metric exist, so that a TractRepo's series can all be removed when it
 * is no longer managed (prom-client removes one exact label set at a time).
 */
import type { Counter, Histogram } from 'prom-client';

type RepoMetric<L extends string> = Counter<L> | Histogram<L>;

export class RepoSeries<L extends string> {
  readonly #metric: RepoMetric<L>;
  readonly #byRepo = new Map<string, Map<string, Partial<Record<L, string>>>>();

  constructor(metric: RepoMetric<L>) {
    this.#metric = metric;
  }

  /** Notes that `labels` (which include `repo`) now have a series. */
  note(repo: string, labels: Partial<Record<L, string>>): void {
    const sets = this.#byRepo.get(repo) ?? new Map<string, Partial<Record<L, string>>>();
    sets.set(JSON.stringify(labels), labels);
    this.#byRepo.set(repo, sets);
  }

  forget(repo: string): void {
    for (const labels of this.#byRepo.get(repo)?.values() ?? []) this.#metric.remove(labels);
    this.#byRepo.delete(repo);
  }
}
