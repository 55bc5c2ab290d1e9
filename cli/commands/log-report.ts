import type { CommandContext, CommandResult } from '../command-context.ts';
import { randomPart, SHORT_ID_LENGTH } from '../output/short-ids.ts';
import { confirmSync, failureMessage, isFailure, syncFailureError } from '../sync-server/confirm-sync.ts';
import type { ServerCheck } from '../sync-server/sync-target.ts';
import type { Workspace } from '../workspace/open-workspace.ts';
import { explainUnpublished, publishFailure, type PublishOutcome } from '../workspace/publish.ts';
import type { LogDraft, LogOptions } from './log-types.ts';

export interface LogOutcome {
  draft: LogDraft;
  server: ServerCheck;
  published: PublishOutcome;
  opts: LogOptions;
}

/**
 * The result line of `tract log` (stdout), with the indicators of docs/cli.md ("Output, streams and exit codes"):
 * `✓ Logged 2h to APP-1234 (synced to Jira)`, `⚠️ Sync server unreachable - worklog queued locally`,
 * `✗ Sync error: …`; then the new record's short id (`  id 3f9a2c1b`, for `tract edit`/`delete`).
 * Explanations of anything unusual go to stderr.
 */
export async function reportLog(ctx: CommandContext, ws: Workspace, outcome: LogOutcome): Promise<CommandResult> {
  const result = await reportResult(ctx, ws, outcome);
  ctx.terminal.out(`  id ${randomPart(outcome.draft.record.id).slice(0, SHORT_ID_LENGTH)}`);
  return result;
}

async function reportResult(ctx: CommandContext, ws: Workspace, outcome: LogOutcome): Promise<CommandResult> {
  const { terminal } = ctx;
  const { server, published, draft } = outcome;
  const what = `Logged ${draft.record.time} to ${draft.record.issue}`;
  explainUnpublished(terminal, published);
  const pushFailure = publishFailure(published);
  if (server.kind === 'disabled') {
    terminal.ok(`${what} (sync disabled)`);
    return failureOnly(pushFailure);
  }
  if (server.kind === 'unreachable') {
    terminal.notice('Sync server unreachable - worklog queued locally');
    return failureOnly(pushFailure);
  }
  if (published.kind !== 'pushed') {
    const why = published.kind === 'no-remote' ? 'no git remote for the sync server to read' : 'run `tract push` to sync it';
    terminal.ok(`${what} (committed locally; ${why})`);
    return failureOnly(pushFailure);
  }
  const timeoutMs = outcome.opts.wait ? outcome.opts.syncTimeoutMs : 0;
  const result = await confirmSync({
    client: server.client,
    configuredRepo: ws.config.sync.repo,
    originUrl: published.originUrl,
    ids: [draft.record.id],
    timeoutMs,
    terminal,
  });
  const [state] = result.settled;
  if (state !== undefined && isFailure(state)) {
    terminal.fail(`Sync error: ${failureMessage(state)}`);
    return failureOnly(syncFailureError([state]));
  }
  if (state !== undefined) terminal.ok(`${what} (synced to Jira)`);
  else if (timeoutMs <= 0) terminal.ok(`${what} (pushed; sync requested)`);
  else terminal.ok(`${what} (pushed; sync not confirmed within ${timeoutMs / 1000}s - the worklog is safe in git, see \`tract status\`)`);
  return {};
}

function failureOnly(failure: CommandResult['failure']): CommandResult {
  return failure === undefined ? {} : { failure };
}
