import type { CommandContext, CommandResult } from '../command-context.ts';
import { confirmSync, failureMessage, isFailure, syncFailureError } from '../sync-server/confirm-sync.ts';
import { checkServer, syncTarget } from '../sync-server/sync-target.ts';
import type { WaitForSyncResult } from '../sync-server/wait-for-sync.ts';
import type { Workspace } from '../workspace/open-workspace.ts';

export interface QueuedReport {
  ids: readonly string[];
  originUrl: string | undefined;
  wait: boolean;
  timeoutMs: number;
  /** The hook says nothing when a push carried no queue entries. */
  quietWhenNone: boolean;
}

/**
 * After a push: ask the server to sync and report the queued worklogs the push carried —
 * `✓ Synced 2 queued worklogs to Jira`, one `✗ Sync error: …` per failure, or why nothing was confirmed.
 */
export async function reportQueued(ctx: CommandContext, ws: Workspace, report: QueuedReport): Promise<CommandResult> {
  const { terminal } = ctx;
  const count = report.ids.length;
  if (count === 0 && report.quietWhenNone) return {};
  const server = await checkServer(syncTarget(ws.config));
  if (count === 0) {
    if (server.kind === 'reachable') await confirmSync({ ...confirmInput(ws, report), client: server.client, terminal, timeoutMs: 0 });
    terminal.ok('Pushed; nothing queued');
    return {};
  }
  if (server.kind === 'disabled') {
    terminal.ok(`Pushed ${plural(count)} (sync disabled)`);
    return {};
  }
  if (server.kind === 'unreachable') {
    terminal.notice(`Sync server unreachable - ${plural(count)} stay queued`);
    return {};
  }
  const timeoutMs = report.wait ? report.timeoutMs : 0;
  const result = await confirmSync({ ...confirmInput(ws, report), client: server.client, terminal, timeoutMs });
  return reportSettled(ctx, result, timeoutMs);
}

function reportSettled(ctx: CommandContext, result: WaitForSyncResult, timeoutMs: number): CommandResult {
  const { terminal } = ctx;
  const synced = result.settled.filter((state) => !isFailure(state));
  const failed = result.settled.filter(isFailure);
  if (synced.length > 0) terminal.ok(`Synced ${plural(synced.length)} to Jira`);
  for (const state of failed) terminal.fail(`Sync error: ${failureMessage(state)}`);
  if (result.unconfirmed.length > 0) {
    const why = timeoutMs > 0 ? `not confirmed within ${timeoutMs / 1000}s` : 'sent to the sync server';
    terminal.notice(`${plural(result.unconfirmed.length)} ${why} - safe in git; see \`tract status\``);
  }
  const failure = syncFailureError(failed);
  return failure === undefined ? {} : { failure };
}

function confirmInput(ws: Workspace, report: QueuedReport) {
  return { configuredRepo: ws.config.sync.repo, originUrl: report.originUrl, ids: report.ids };
}

function plural(count: number): string {
  return `${count} queued worklog${count === 1 ? '' : 's'}`;
}
