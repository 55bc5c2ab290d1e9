/**
 * A TractRepo spec's durations, decoded once into milliseconds (docs/tractrepo.md): the loop, the
 * engines and the Jira intake read these instead of decoding the duration strings themselves. A bad
 * value throws a ValidationError (reason InvalidSpec) that names the field.
 */
import { durationMs } from './duration-ms.ts';
import type { TractRepoSpec } from './tract-repo.ts';

export interface RepoSettings {
  /** `spec.interval`: the poll interval. */
  intervalMs: number;
  /** `spec.timeout`: the bound of one git operation or Jira batch. */
  timeoutMs: number;
  /** `spec.jira.reconcileInterval`: how often the Jira feeds are read. */
  jiraReconcileIntervalMs: number;
  /** `spec.sync.batchInterval`: the pause between two Jira batches. */
  batchIntervalMs: number;
}

/** Decoded settings by spec object: a spec is decoded once, until the source hands out a new object. */
const decoded = new WeakMap<TractRepoSpec, RepoSettings>();

export function repoSettings(spec: TractRepoSpec): RepoSettings {
  let settings = decoded.get(spec);
  if (!settings) {
    settings = {
      intervalMs: durationMs(spec.interval, 'spec.interval'),
      timeoutMs: durationMs(spec.timeout, 'spec.timeout'),
      jiraReconcileIntervalMs: durationMs(spec.jira.reconcileInterval, 'spec.jira.reconcileInterval'),
      batchIntervalMs: durationMs(spec.sync.batchInterval, 'spec.sync.batchInterval'),
    };
    decoded.set(spec, settings);
  }
  return settings;
}
