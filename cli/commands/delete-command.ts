import { nextVersionStamp } from '../../shared/core/resolve-record-versions.ts';
import { planWorklogWrites } from '../../shared/core/write-worklog-files.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { displayTime } from '../output/display-time.ts';
import { openWorkspace } from '../workspace/open-workspace.ts';
import { findRecord } from '../workspace/find-record.ts';
import { readQueue, readSnapshot } from '../workspace/worklog-store.ts';
import { commitRecordChange } from './record-change.ts';

export interface DeleteOptions {
  id: string;
  push: boolean;
}

/**
 * `tract delete <ID>`: marks the record deleted (a tombstone: the line stays with `deleted` and
 * `updated`, docs/records.md), drops its queue entry (it could never sync now), commits
 * `[tract] Delete worklog on APP-1234 (2h)` and pushes; the controller then deletes it in Jira.
 */
export async function runDelete(ctx: CommandContext, opts: DeleteOptions): Promise<CommandResult> {
  const ws = await openWorkspace(ctx);
  const snapshot = readSnapshot(ws);
  const target = findRecord(snapshot, opts.id);
  const stamp = nextVersionStamp(ctx.io.clock.now(), target.record);
  const tombstone = { ...target.record, updated: stamp, deleted: stamp };
  const files = new Map<string, string | undefined>(planWorklogWrites(snapshot.files, [tombstone], ws.config.worklogDir));
  for (const queued of readQueue(ws)) if (queued.entry?.worklogId === target.record.id) files.set(queued.path, undefined);
  const time = displayTime(target.record.time, ws.units);
  return commitRecordChange(ctx, ws, {
    files,
    written: tombstone,
    subject: `[tract] Delete worklog on ${target.record.issue} (${time})`,
    done: `Deleted worklog ${target.record.id} on ${target.record.issue} (${time})`,
    push: opts.push,
  });
}
