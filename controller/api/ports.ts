/**
 * The ports the reconcile works through, so that one reconcile serves both modes: standalone
 * (manifests from a file, status in memory and the state dir, events in a ring buffer) and operator
 * (an informer, `/status` patches, core Events).
 */
import type { EventReason } from './condition-reasons.ts';
import type { TractRepo, TractRepoStatus } from './tract-repo.ts';

/** `<namespace>/<name>`. */
export type RepoKey = string;

/** `secret`: a Secret the TractRepo references was added, changed or deleted (the Secret watch: the namespaces' Secrets in operator mode, `--secrets-dir` in standalone). */
export type RepoEvent = { type: 'upsert' | 'delete' | 'secret'; key: RepoKey };

export interface TractRepoSource {
  /**
   * Starts delivering changes. Resolves once the initial set has been delivered (the controller is
   * ready then); later changes arrive as events.
   */
  start(onEvent: (event: RepoEvent) => void): Promise<void>;
  /** The current object, or undefined once it is gone. */
  get(key: RepoKey): TractRepo | undefined;
  list(): TractRepo[];
  /**
   * Why the object cannot be used as written, when the source validates it itself (standalone: no API
   * server did). One line naming every problem.
   */
  validationError?(key: RepoKey): string | undefined;
  stop(): Promise<void>;
}

export interface StatusWriter {
  /** Replaces the object's status (one patch per call; conditions are sent whole). */
  patchStatus(key: RepoKey, status: TractRepoStatus): Promise<void>;
}

export type EventType = 'Normal' | 'Warning';

export interface RecordedEvent {
  key: RepoKey;
  type: EventType;
  reason: string;
  message: string;
  time: string;
}

export interface EventRecorder {
  record(key: RepoKey, type: EventType, reason: EventReason, message: string): void;
}

/** The keys of one Secret, or undefined when it does not exist. */
export interface SecretReader {
  fetchSecret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
}

/** Finalizer handling; absent in standalone mode, where there is no deletion to hold up. */
export interface Finalizers {
  has(repo: TractRepo): boolean;
  add(key: RepoKey): Promise<void>;
  remove(key: RepoKey): Promise<void>;
}

export function repoKey(repo: Pick<TractRepo, 'metadata'>): RepoKey {
  return `${repo.metadata.namespace ?? 'default'}/${repo.metadata.name}`;
}

export function splitKey(key: RepoKey): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
