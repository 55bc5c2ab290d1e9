import { rewriteWorklogFile } from '../../shared/core/rewrite-worklog-file.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { openWorkspace } from '../workspace/open-workspace.ts';
import { findRecord } from '../workspace/find-record.ts';
import { readQueue, readSnapshot, readWorklogFile } from '../workspace/worklog-store.ts';
import { displayTime } from './edit-command.ts';
import { commitRecordChange } from './record-change.ts';

export interface DeleteOptions {
  id: string;
  push: boolean;
}

/**
 * `tract delete <ID>`: removes the line (and its queue entry, which could never sync now), commits
 * `[tract] Delete worklog on APP-1234 (2h)` and pushes; the controller then deletes it in Jira.
 */
export async function runDelete(ctx: CommandContext, opts: DeleteOptions): Promise<CommandResult> {
  const ws = await openWorkspace(ctx);
  const target = findRecord(readSnapshot(ws), opts.id);
  const current = readWorklogFile(ws, target.file);
  const files = new Map<string, string | undefined>([[target.file, rewriteWorklogFile(current.text, { remove: new Set([target.line]) })]]);
  for (const queued of readQueue(ws)) if (queued.entry?.worklogId === target.record.id) files.set(queued.path, undefined);
  const time = displayTime(ws, target.record.time);
  return commitRecordChange(ctx, ws, {
    files,
    subject: `[tract] Delete worklog on ${target.record.issue} (${time})`,
    done: `Deleted worklog ${target.record.id} on ${target.record.issue} (${time})`,
    push: opts.push,
  });
}
