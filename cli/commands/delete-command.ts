import { nextVersionStamp } from '../../shared/core/resolve-record-versions.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { displayTime } from '../output/display-time.ts';
import { openWorkspace } from '../workspace/open-workspace.ts';
import { findRecord } from '../workspace/find-record.ts';
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
  const snapshot = await ws.worklogs.readWorkingTree();
  const target = findRecord(snapshot, opts.id);
  const stamp = nextVersionStamp(ctx.io.clock.now(), target.record);
  const tombstone = { ...target.record, updated: stamp, deleted: stamp };
  const dequeue = (await ws.worklogs.readWorkingQueue()).filter((queued) => queued.entry?.worklogId === target.record.id).map((queued) => queued.path);
  const time = displayTime(target.record.time, ws.units);
  return commitRecordChange(ctx, ws, {
    change: { base: snapshot.files, puts: [tombstone], dequeue, description: { kind: 'delete', issue: target.record.issue, time } },
    written: tombstone,
    done: `Deleted worklog ${target.record.id} on ${target.record.issue} (${time})`,
    push: opts.push,
  });
}
