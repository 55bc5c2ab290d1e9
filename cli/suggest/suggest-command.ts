/**
 * `tract suggest`: worklog suggestions from the developer's own commits of a day in their code
 * repositories (--repo, else `suggest.repos` in the user config), leaving out the issues already logged
 * that day; `--apply` logs them, one `tract log` each (docs/cli.md, "Suggestions").
 */
import { DateTime } from 'luxon';
import { formatDuration } from '../../shared/core/format-duration.ts';
import { localDate, reportPeriod } from '../../shared/core/report-period.ts';
import { assertTimeZone, formatStarted } from '../../shared/core/started-time.ts';
import { DEFAULT_SUGGEST_OPTIONS, suggestWorklogs, type Suggestion, type SuggestResult } from '../../shared/core/suggest-worklogs.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import type { CommandContext, CommandResult, SyncFlags } from '../command-context.ts';
import { runLog } from '../commands/log-command.ts';
import { toJson } from '../output/json-output.ts';
import { openWorkspace, resolveAuthor } from '../workspace/open-workspace.ts';
import { countedRecords } from '../workspace/report-records.ts';
import { expandRepoPath, readDayCommits } from './read-commits.ts';
import { renderSuggestions } from './render-suggestions.ts';

export interface SuggestCommandOptions extends SyncFlags {
  date: string | undefined;
  repos: readonly string[];
  apply: boolean;
  json: boolean;
}

const MAX_COMMENT = 200;

export async function runSuggest(ctx: CommandContext, opts: SuggestCommandOptions): Promise<CommandResult> {
  const ws = await openWorkspace(ctx);
  const zone = assertTimeZone(ws.config.timezone);
  const period = reportPeriod('day', opts.date, zone, ctx.io.clock.now());
  const { author } = await resolveAuthor(ws, ctx.env);
  const repos = (opts.repos.length > 0 ? opts.repos : ws.config.suggestRepos).map((path) => expandRepoPath(path, ctx.io.cwd, ctx.env));
  if (repos.length === 0) {
    throw new ValidationError('No code repositories to read: give --repo PATH, or list them once as suggest.repos in ~/.config/tract/config.yaml', { reason: 'NoRepos' });
  }
  const bounds = { startMs: period.start.toMillis(), endMs: period.end.toMillis() };
  const commits = (await Promise.all(repos.map((dir) => readDayCommits(dir, bounds, ctx.env)))).flat();
  const logged = countedRecords(await ws.worklogs.readWorkingTree()).filter((r) => r.author === author && safeLocalDate(r.started, zone) === period.label);
  const result = suggestWorklogs(commits, { ...DEFAULT_SUGGEST_OPTIONS, alreadyLogged: new Set(logged.map((r) => r.issue)) });
  if (opts.json) ctx.io.stdout.write(toJson(asJson(result, author, period.label, zone)));
  else ctx.terminal.out(renderSuggestions(result, { author, date: period.label, zone, repos: repos.length, apply: opts.apply }));
  if (!opts.apply) return {};
  let last: CommandResult = {};
  for (const suggestion of result.suggestions) {
    const { apply: _apply, json: _json, date: _date, repos: _repos, ...sync } = opts;
    const logged = await runLog(ctx, { ...sync, issue: suggestion.issue, time: formatDuration(suggestion.seconds), comment: commentFor(suggestion), started: startedOf(suggestion, zone) });
    if (logged.failure !== undefined) last = logged;
  }
  return last;
}

function startedOf(suggestion: Suggestion, zone: string): string {
  return formatStarted(DateTime.fromMillis(suggestion.startMs, { zone }));
}

function commentFor(suggestion: Suggestion): string {
  const text = suggestion.commits.map((commit) => commit.subject).join('; ');
  return text.length <= MAX_COMMENT ? text : `${text.slice(0, MAX_COMMENT - 1)}…`;
}

function safeLocalDate(started: string, zone: string): string | undefined {
  try {
    return localDate(started, zone);
  } catch {
    return undefined;
  }
}

function asJson(result: SuggestResult, author: string, date: string, zone: string) {
  return {
    author,
    date,
    zone,
    suggestions: result.suggestions.map((s) => ({
      issue: s.issue,
      time: formatDuration(s.seconds),
      timeSeconds: s.seconds,
      started: startedOf(s, zone),
      commits: s.commits.map((c) => ({ repo: c.repo, hash: c.hash, subject: c.subject })),
    })),
    alreadyLogged: result.skipped,
    unmatched: result.unmatched.map((c) => ({ repo: c.repo, hash: c.hash, subject: c.subject })),
  };
}
