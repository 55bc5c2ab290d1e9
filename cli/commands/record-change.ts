import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import type { WorklogChange } from '../../shared/git/worklog-repository.ts';
import { worklogFilePath } from '../../shared/core/worklog-file-path.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { confirmSync } from '../sync-server/confirm-sync.ts';
import { checkServer, syncTarget } from '../sync-server/sync-target.ts';
import type { Workspace } from '../workspace/open-workspace.ts';
import { explainUnpublished, publish, publishFailure } from '../workspace/publish.ts';
import { assertLanded, assertNoUncommittedChanges } from '../workspace/own-change.ts';

export interface RecordChange {
  /** What to write and how the commit describes it; `puts` holds `written`. */
  change: WorklogChange;
  /** The record's new version: it must be on the pushed tip. */
  written: WorklogRecord;
  done: string;
  push: boolean;
}

/**
 * Commits an edit or delete, pushes, and asks a reachable sync server to sync now (without waiting:
 * `tract status` shows the outcome). Refuses when those files have uncommitted changes, which the
 * commit would otherwise sweep in, and fails when the change did not land on the pushed tip.
 */
export async function commitRecordChange(ctx: CommandContext, ws: Workspace, change: RecordChange): Promise<CommandResult> {
  const planned = ws.worklogs.plan(change.change);
  await assertNoUncommittedChanges(ws, [...planned.files.keys()]);
  await ws.worklogs.commitPlanned(planned);
  const published = await publish(ws, change.push);
  await assertLanded(ws, published, [{ file: worklogFilePath(change.written.started, ws.config.worklogDir), record: change.written }]);
  explainUnpublished(ctx.terminal, published);
  ctx.terminal.ok(change.done);
  if (published.kind === 'pushed') {
    const server = await checkServer(syncTarget(ws.config));
    if (server.kind === 'reachable') {
      await confirmSync({ client: server.client, configuredRepo: ws.config.sync.repo, originUrl: published.originUrl, ids: [], timeoutMs: 0, terminal: ctx.terminal });
    }
  }
  const failure = publishFailure(published);
  return failure === undefined ? {} : { failure };
}
