import type { SimSite } from './sim-types.ts';

/** A user to create. Only `email` is required; the rest is derived (see docs/jira-sim.md). */
export interface SeedUser {
  email: string;
  /** Data Center username (and key); default: the part of the email before `@`. */
  name?: string;
  displayName?: string;
  /** Default: derived from the email, stable across runs. */
  accountId?: string;
  /** IANA zone; default `UTC`. */
  timeZone?: string;
  locale?: string;
  /** Cloud API token (Basic `email:apiToken`). */
  apiToken?: string;
  /** Data Center personal access token (Bearer). */
  personalAccessToken?: string;
  admin?: boolean;
  active?: boolean;
}

export interface SeedIssue {
  /** Default: the project's next number. */
  key?: string;
  summary?: string;
  closed?: boolean;
  /** Jira duration (`2d`, `4h 30m`) or seconds. */
  originalEstimate?: string | number;
  remainingEstimate?: string | number;
}

export interface SeedProject {
  key: string;
  name?: string;
  /** Creates `KEY-1` … `KEY-n` (after any listed `issues`). */
  issueCount?: number;
  issues?: SeedIssue[];
  /** Users (email, name or accountId) without the "Work on issues" permission in this project. */
  noWorkOnIssues?: string[];
}

export interface SeedWorklog {
  issue: string;
  /** Email, name or accountId. */
  author: string;
  /** Jira format, e.g. `2026-02-14T09:00:00.000+0100`. */
  started: string;
  timeSpentSeconds: number;
  comment?: string;
  properties?: Record<string, unknown>;
}

/** What the simulator can be seeded with: the YAML file, the admin API and `control.seed` take this shape. */
export interface SimSeed {
  site?: Partial<SimSite>;
  users?: SeedUser[];
  projects?: SeedProject[];
  worklogs?: SeedWorklog[];
}

/** One thing wrong in a seed, with where it is. */
export interface SeedProblem {
  path: string;
  /** 1-based line in the YAML file, when the seed came from one. */
  line?: number;
  expected: string;
  found: string;
}
