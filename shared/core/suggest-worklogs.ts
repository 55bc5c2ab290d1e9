/**
 * Worklog suggestions from a developer's commits of one day (`tract suggest`; docs/cli-decisions.md,
 * "Suggestions"). Pure: the commits, the issues already logged and the day's bounds come in.
 *
 * - Issue of a commit: the keys in its subject, else the key of the issue-named branch that holds it.
 * - Time of a commit: the gap since the developer's previous commit of the day (all repositories
 *   together) when it is at most `sessionGapMs`, else `firstCommitMs` (the work before a session's first
 *   commit). A commit with two keys splits its time between them.
 * - Per issue: the sum rounded to `roundingMs` (at least one step); it starts where its first commit's
 *   time began. Issues already logged that day are left out.
 */
export interface DayCommit {
  repo: string;
  hash: string;
  /** Author time, epoch ms. */
  at: number;
  subject: string;
  /** Issue keys of the issue-named branch holding the commit (empty when none does). */
  branchKeys: readonly string[];
}

export interface SuggestOptions {
  sessionGapMs: number;
  firstCommitMs: number;
  roundingMs: number;
  /** Issues with a worklog of this author on the day. */
  alreadyLogged: ReadonlySet<string>;
}

export const DEFAULT_SUGGEST_OPTIONS = { sessionGapMs: 2 * 3600_000, firstCommitMs: 30 * 60_000, roundingMs: 15 * 60_000 } as const;

export interface Suggestion {
  issue: string;
  seconds: number;
  /** Epoch ms of the estimated start. */
  startMs: number;
  commits: DayCommit[];
}

export interface SuggestResult {
  suggestions: Suggestion[];
  /** Issues left out because they are already logged that day. */
  skipped: string[];
  /** Commits naming no issue. */
  unmatched: DayCommit[];
}

const KEY_IN_TEXT = /\b[A-Z][A-Z0-9_]*-[1-9][0-9]*\b/g;

export function issueKeysIn(text: string): string[] {
  return [...new Set(text.match(KEY_IN_TEXT) ?? [])];
}

export function suggestWorklogs(commits: readonly DayCommit[], options: SuggestOptions): SuggestResult {
  const sorted = dedupe(commits).sort((a, b) => a.at - b.at);
  const perIssue = new Map<string, Suggestion>();
  const unmatched: DayCommit[] = [];
  sorted.forEach((commit, index) => {
    const previous = sorted[index - 1];
    const gap = previous === undefined ? Infinity : commit.at - previous.at;
    const creditMs = gap <= options.sessionGapMs ? gap : options.firstCommitMs;
    const keys = issueKeysIn(commit.subject).length > 0 ? issueKeysIn(commit.subject) : [...commit.branchKeys];
    if (keys.length === 0) unmatched.push(commit);
    for (const issue of keys) {
      const entry = perIssue.get(issue) ?? { issue, seconds: 0, startMs: commit.at - creditMs, commits: [] };
      entry.seconds += creditMs / keys.length / 1000;
      entry.startMs = Math.min(entry.startMs, commit.at - creditMs);
      entry.commits.push(commit);
      perIssue.set(issue, entry);
    }
  });
  const all = [...perIssue.values()].sort((a, b) => a.startMs - b.startMs);
  const stepSeconds = options.roundingMs / 1000;
  const suggestions = all
    .filter((s) => !options.alreadyLogged.has(s.issue))
    .map((s) => ({ ...s, seconds: Math.max(stepSeconds, Math.round(s.seconds / stepSeconds) * stepSeconds), startMs: Math.floor(s.startMs / 60_000) * 60_000 }));
  return { suggestions, skipped: all.filter((s) => options.alreadyLogged.has(s.issue)).map((s) => s.issue), unmatched };
}

/** A commit seen through two clones (or two branches) counts once. */
function dedupe(commits: readonly DayCommit[]): DayCommit[] {
  const byHash = new Map<string, DayCommit>();
  for (const commit of commits) if (!byHash.has(commit.hash)) byHash.set(commit.hash, commit);
  return [...byHash.values()];
}
