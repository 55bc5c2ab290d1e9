import { createHash } from 'node:crypto';
import { parseJiraDuration } from './jira-duration.ts';
import { isValidZone, parseJiraStarted } from './jira-time.ts';
import type { SeedIssue, SeedProblem, SeedProject, SeedUser, SeedWorklog, SimSeed } from './seed-types.ts';
import type { SimStore } from './sim-store.ts';
import type { SimUser } from './sim-types.ts';

/** A stable Cloud accountId for an email: 24 hex digits, the shape of real ones. */
export function accountIdFor(email: string): string {
  return createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24);
}

function defaultDisplayName(name: string): string {
  return name.split(/[._-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(' ');
}

function checkedZone(zone: string | undefined, problems: SeedProblem[], path: string): string {
  if (zone === undefined) return 'UTC';
  if (isValidZone(zone)) return zone;
  problems.push({ path, expected: 'an IANA time zone', found: zone });
  return 'UTC';
}

function toUser(seed: SeedUser, problems: SeedProblem[], path: string): SimUser {
  const name = seed.name ?? seed.email.split('@')[0] ?? seed.email;
  return {
    accountId: seed.accountId ?? accountIdFor(seed.email),
    email: seed.email,
    name,
    key: name,
    displayName: seed.displayName ?? defaultDisplayName(name),
    timeZone: checkedZone(seed.timeZone, problems, `${path}.timeZone`),
    locale: seed.locale ?? 'en_US',
    active: seed.active ?? true,
    admin: seed.admin ?? false,
    apiToken: seed.apiToken,
    personalAccessToken: seed.personalAccessToken,
  };
}

function estimate(value: string | number | undefined, store: SimStore, problems: SeedProblem[], path: string): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  const seconds = parseJiraDuration(value, store.site);
  if (seconds === undefined) problems.push({ path, expected: 'a Jira duration such as 2d or 4h 30m', found: value });
  return seconds;
}

function addIssue(store: SimStore, projectKey: string, issue: SeedIssue, problems: SeedProblem[], path: string): void {
  const original = estimate(issue.originalEstimate, store, problems, `${path}.originalEstimate`);
  const remaining = estimate(issue.remainingEstimate, store, problems, `${path}.remainingEstimate`);
  store.addIssue(projectKey, {
    key: issue.key,
    summary: issue.summary,
    closed: issue.closed,
    originalEstimateSeconds: original ?? null,
    remainingEstimateSeconds: remaining ?? original ?? null,
  });
}

function seedProject(store: SimStore, p: SeedProject, path: string, problems: SeedProblem[]): void {
  const project = store.addProject(p.key.toUpperCase(), p.name ?? p.key);
  for (const [j, issue] of (p.issues ?? []).entries()) addIssue(store, project.key, issue, problems, `${path}.issues.${j}`);
  for (let n = 0; n < (p.issueCount ?? 0); n++) store.addIssue(project.key);
  for (const ref of p.noWorkOnIssues ?? []) {
    const user = store.userByAnyId(ref);
    if (user === undefined) problems.push({ path: `${path}.noWorkOnIssues`, expected: 'a seeded user', found: ref });
    else project.noWorkOnIssues.add(user.accountId);
  }
}

function found<T>(value: T | undefined, problem: SeedProblem, problems: SeedProblem[]): T | undefined {
  if (value === undefined) problems.push(problem);
  return value;
}

function seedWorklog(store: SimStore, w: SeedWorklog, path: string, nowMs: number, problems: SeedProblem[]): void {
  const issue = found(store.findIssue(w.issue), { path: `${path}.issue`, expected: 'a seeded issue', found: w.issue }, problems);
  const author = found(store.userByAnyId(w.author), { path: `${path}.author`, expected: 'a seeded user', found: w.author }, problems);
  const startedMs = found(
    parseJiraStarted(w.started, author?.timeZone ?? 'UTC'),
    { path: `${path}.started`, expected: "yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm", found: w.started },
    problems,
  );
  if (issue === undefined || author === undefined || startedMs === undefined) return;
  store.insertWorklog({
    id: store.newWorklogId(),
    issueId: issue.id,
    authorId: author.accountId,
    updateAuthorId: author.accountId,
    createdMs: nowMs,
    updatedMs: nowMs,
    startedMs,
    timeSpentSeconds: w.timeSpentSeconds,
    comment: w.comment === undefined ? undefined : { text: w.comment, adf: undefined },
    visibility: undefined,
    properties: new Map(Object.entries(w.properties ?? {})),
  });
}

/**
 * Adds a (shape-checked) seed to the store: site settings, users (replaced by email), projects (reused by key),
 * issues and worklogs (no webhooks are sent for seeded data). Returns the problems found in references.
 */
export function applySeed(store: SimStore, seed: SimSeed, nowMs: number): SeedProblem[] {
  const problems: SeedProblem[] = [];
  if (seed.site !== undefined) store.site = { ...store.site, ...seed.site };
  for (const [i, u] of (seed.users ?? []).entries()) store.putUser(toUser(u, problems, `users.${i}`));
  for (const [i, p] of (seed.projects ?? []).entries()) seedProject(store, p, `projects.${i}`, problems);
  for (const [i, w] of (seed.worklogs ?? []).entries()) seedWorklog(store, w, `worklogs.${i}`, nowMs, problems);
  return problems;
}
