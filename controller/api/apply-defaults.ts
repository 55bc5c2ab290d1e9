import type { AuthorIdentity, GitSpec, JiraSpec, SyncSpec, TractRepoSpec, TractRepoSpecInput } from './tract-repo.ts';

/** Every value the CRD defaults, by where it sits in the spec. */
export interface SpecDefaults {
  git: Pick<GitSpec, 'branch' | 'path' | 'commitAuthor'>;
  interval: string;
  timeout: string;
  jira: Omit<JiraSpec, 'url' | 'secretRef' | 'projects'>;
  /** `authors[].tokenSecretRef.key` */
  authorTokenKey: string;
  sync: SyncSpec;
  suspend: boolean;
}

/**
 * The defaults of the TractRepo CRD (`crds/tractrepos.tract.dev.yaml`), for standalone mode where no
 * API server applies them. A unit test checks every entry against the CRD's `default:` values.
 */
export const SPEC_DEFAULTS: Readonly<SpecDefaults> = {
  git: { branch: 'main', path: 'worklogs', commitAuthor: { name: 'tract-sync', email: 'tract-sync@localhost' } },
  interval: '1m',
  timeout: '60s',
  jira: {
    flavor: 'cloud',
    reconcileInterval: '5m',
    hoursPerDay: 8,
    daysPerWeek: 5,
    adjustEstimate: 'auto',
    notifyUsers: false,
  },
  authorTokenKey: 'token',
  sync: { direction: 'Bidirectional', batchSize: 10, batchInterval: '100ms', dryRun: false, duplicates: 'Discard' },
  suspend: false,
};

/** The status a new object gets from the CRD's defaults. */
export const STATUS_DEFAULTS = { observedGeneration: -1 } as const;

/**
 * Fills every field the CRD defaults, the way the API server does (a present value, even `false` or
 * `0`, is kept; unknown fields are kept too: pruning is the decoder's job). Pure; the input is not changed.
 */
export function applyDefaults(spec: TractRepoSpecInput): TractRepoSpec {
  const d = SPEC_DEFAULTS;
  const { authors, ...rest } = spec;
  const git = fill(spec.git, { branch: d.git.branch, path: d.git.path });
  return {
    ...fill(rest, { interval: d.interval, timeout: d.timeout, suspend: d.suspend }),
    git: { ...git, commitAuthor: fill(spec.git.commitAuthor, d.git.commitAuthor) },
    jira: fill(spec.jira, d.jira),
    ...(authors === undefined ? {} : { authors: authors.map(defaultAuthor) }),
    sync: fill(spec.sync, d.sync),
  };
}

function defaultAuthor(author: NonNullable<TractRepoSpecInput['authors']>[number]): AuthorIdentity {
  const { tokenSecretRef, ...rest } = author;
  if (tokenSecretRef === undefined) return rest;
  return { ...rest, tokenSecretRef: fill(tokenSecretRef, { key: SPEC_DEFAULTS.authorTokenKey }) };
}

/** `given` with each of `defaults`' keys that `given` lacks (or holds as undefined) filled in. */
function fill<T extends object, D extends object>(given: T | undefined, defaults: D): Omit<T, keyof D> & D {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) out[key] = value;
  }
  return out as Omit<T, keyof D> & D;
}

