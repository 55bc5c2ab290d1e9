/**
 * The TractRepo custom resource (`tract.dev/v1alpha1`) as TypeScript types. The CRD
 * `crds/tractrepos.tract.dev.yaml` is the source of truth; every field is described in
 * docs/tractrepo.md. `TractRepoSpec` is the spec as the API server serves it (defaults applied);
 * `TractRepoSpecInput` is what a manifest may leave out. Standalone mode turns the one into the
 * other with `applyDefaults`.
 */
import type { ConditionType } from './condition-reasons.ts';

export const GROUP = 'tract.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = 'TractRepo';
export const LIST_KIND = 'TractRepoList';
export const PLURAL = 'tractrepos';
export const SINGULAR = 'tractrepo';

/** Held by every TractRepo the controller manages; removed once cleanup after deletion is done. */
export const FINALIZER = 'finalizers.tract.dev';
/**
 * Set to any new value (e.g. `date +%s`) to ask for a reconcile now, as Flux's
 * `reconcile.fluxcd.io/requestedAt`. The value handled last is echoed in `status.lastHandledReconcileAt`.
 */
export const REQUESTED_AT_ANNOTATION = 'tract.dev/requested-at';

export type JiraFlavor = 'cloud' | 'datacenter';
export type SyncDirection = 'Bidirectional' | 'GitToJira' | 'JiraToGit';
export type AdjustEstimate = 'auto' | 'leave';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** A Secret in the TractRepo's own namespace. */
export interface LocalSecretRef {
  name: string;
}

/** One key of a Secret in the TractRepo's own namespace. */
export interface SecretKeyRef {
  name: string;
  /** Default `token`. */
  key: string;
}

export interface CommitAuthor {
  name: string;
  email: string;
}

export interface GitSpec {
  /** `https://`, `ssh://`; `http://` and `file://` for local and test use. */
  url: string;
  branch: string;
  /** Directory of the worklog files, relative, no `..` segments. */
  path: string;
  /** HTTPS: `username`+`password` or `bearerToken`; SSH: `identity`+`known_hosts`. Required for ssh:// */
  secretRef?: LocalSecretRef;
  commitAuthor: CommitAuthor;
}

export interface JiraSpec {
  /** Base URL of the site; immutable. */
  url: string;
  flavor: JiraFlavor;
  /** Cloud: keys `email` + `apiToken`; Data Center: `token` (personal access token). */
  secretRef: LocalSecretRef;
  /** Project keys to sync; absent or empty means all. */
  projects?: string[];
  /** Duration string, e.g. `5m`. */
  reconcileInterval: string;
  /** An integer or a decimal string such as `"7.5"`; read it with `hoursPerDayOf`. */
  hoursPerDay: number | string;
  daysPerWeek: number;
  adjustEstimate: AdjustEstimate;
  notifyUsers: boolean;
}

/** One entry of the identity map: a tract username and its Jira identity. */
export interface AuthorIdentity {
  /** The tract username (`author` in the records). Unique in the list. */
  name: string;
  /** Jira Cloud account id. */
  accountId?: string;
  /** Jira Data Center username. */
  username?: string;
  email?: string;
  /** IANA zone for records created from Jira. */
  timezone?: string;
  /** A personal token: worklogs are then posted as this author. */
  tokenSecretRef?: SecretKeyRef;
}

export interface SyncSpec {
  direction: SyncDirection;
  /** 1–100 Jira writes per batch. */
  batchSize: number;
  /** Duration string between two batches. */
  batchInterval: string;
  dryRun: boolean;
  /** A Jira worklog duplicating a synced record: deleted in Jira (`Discard`) or left (`Report`); always reported. */
  duplicates: DuplicatePolicy;
}

export type DuplicatePolicy = 'Discard' | 'Report';

export interface WebhookSpec {
  /** Keys `jiraSecret` (Jira admin webhook HMAC secret) and `token` (git push webhooks). */
  secretRef: LocalSecretRef;
}

/** The spec as served by the API server: every defaulted field is present. */
export interface TractRepoSpec {
  git: GitSpec;
  /** Poll interval, duration string (`1m`). */
  interval: string;
  /** Bound of one git operation or Jira batch, duration string (`60s`). */
  timeout: string;
  jira: JiraSpec;
  authors?: AuthorIdentity[];
  sync: SyncSpec;
  webhook?: WebhookSpec;
  suspend: boolean;
}

type Loose<T> = { [K in keyof T]?: T[K] };

/** The spec as a manifest may write it: defaulted fields may be left out. */
export interface TractRepoSpecInput {
  git: Omit<Loose<GitSpec>, 'commitAuthor'> & { url: string; commitAuthor?: Loose<CommitAuthor> };
  interval?: string;
  timeout?: string;
  jira: Loose<JiraSpec> & { url: string; secretRef: LocalSecretRef };
  authors?: (Omit<AuthorIdentity, 'tokenSecretRef'> & { tokenSecretRef?: Loose<SecretKeyRef> & { name: string } })[];
  sync?: Loose<SyncSpec>;
  webhook?: WebhookSpec;
  suspend?: boolean;
}

/** metav1.Condition. */
export interface Condition {
  type: ConditionType | (string & {});
  status: ConditionStatus;
  /** The metadata.generation the condition was computed from. */
  observedGeneration?: number;
  /** RFC 3339, seconds precision; changes only when `status` flips. */
  lastTransitionTime: string;
  /** One CamelCase word from condition-reasons.ts. */
  reason: string;
  message: string;
}

export interface SyncSummary {
  created?: number;
  updated?: number;
  deleted?: number;
  skipped?: number;
  failed?: number;
}

export interface TractRepoStatus {
  /** -1 until the controller has handled the first generation. */
  observedGeneration?: number;
  conditions?: Condition[];
  /** The last commit whose worklogs are fully in Jira. */
  lastSyncedCommit?: string;
  /** RFC 3339 time of the last successful sync. */
  lastSyncTime?: string;
  /** Milliseconds since the epoch (as a decimal string) up to which Jira's feeds were read. */
  jiraCursor?: string;
  pending?: number;
  failed?: number;
  webhookPath?: string;
  /** The `tract.dev/requested-at` value handled last. */
  lastHandledReconcileAt?: string;
  lastSyncSummary?: SyncSummary;
  /** The identity map as resolved against Jira (docs/from-jira.md "Authors"). */
  authors?: AuthorStatus[];
}

/** One `spec.authors` entry as the controller resolved it. */
export interface AuthorStatus {
  name: string;
  accountId?: string;
  username?: string;
  /** `spec`: the account was written in the spec; `email`: found by its e-mail; `none`: not resolved (see message). */
  resolvedFrom: 'spec' | 'email' | 'none';
  message?: string;
}

export interface TractRepoMetadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A TractRepo as served by the API server (or after `applyDefaults` in standalone mode). */
export interface TractRepo {
  apiVersion: typeof API_VERSION;
  kind: typeof KIND;
  metadata: TractRepoMetadata;
  spec: TractRepoSpec;
  status?: TractRepoStatus;
}
