import { formatDuration } from '../../shared/core/format-duration.ts';
import { parseDuration } from '../../shared/core/parse-duration.ts';
import { nextVersionStamp } from '../../shared/core/resolve-record-versions.ts';
import { assertTimeZone, resolveStartedInput } from '../../shared/core/started-time.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import { fromTo } from '../../shared/core/commit-subjects.ts';
import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { displayTime } from '../output/display-time.ts';
import { openWorkspace, type Workspace } from '../workspace/open-workspace.ts';
import { findRecord } from '../workspace/find-record.ts';
import { assertIssueKey } from './issue-key.ts';
import { commitRecordChange } from './record-change.ts';

export interface EditOptions {
  id: string;
  time: string | undefined;
  comment: string | undefined;
  started: string | undefined;
  issue: string | undefined;
  push: boolean;
}

/**
 * `tract edit <ID>`: writes the record's new version in place (moving it to another month file when
 * `started` changes month), with a newer `updated`, commits `[tract] Edit worklog on APP-1234 (2h → 3h)`
 * and pushes.
 */
export async function runEdit(ctx: CommandContext, opts: EditOptions): Promise<CommandResult> {
  if ([opts.time, opts.comment, opts.started, opts.issue].every((value) => value === undefined)) {
    throw new ValidationError('Nothing to change: give --time, --comment, --started or --issue', { reason: 'Usage' });
  }
  if (opts.issue !== undefined) assertIssueKey(opts.issue);
  const ws = await openWorkspace(ctx);
  const snapshot = await ws.worklogs.readWorkingTree();
  const target = findRecord(snapshot, opts.id);
  const next = editedRecord(ctx, ws, target.record, opts);
  const time = { before: displayTime(target.record.time, ws.units), after: displayTime(next.time, ws.units) };
  const issue = { before: target.record.issue, after: next.issue };
  return commitRecordChange(ctx, ws, {
    change: { base: snapshot.files, puts: [next], description: { kind: 'edit', issue, time } },
    written: next,
    done: `Edited worklog ${next.id} on ${fromTo(issue)} (${fromTo(time)})`,
    push: opts.push,
  });
}

function editedRecord(ctx: CommandContext, ws: Workspace, record: WorklogRecord, opts: EditOptions): WorklogRecord {
  const next: WorklogRecord = { ...record };
  if (opts.time !== undefined) next.time = formatDuration(parseDuration(opts.time, ws.units));
  if (opts.started !== undefined) next.started = resolveStartedInput(opts.started, assertTimeZone(ws.config.timezone), ctx.io.clock.now());
  if (opts.issue !== undefined) next.issue = opts.issue;
  if (opts.comment !== undefined) {
    const comment = opts.comment.trim();
    if (comment === '') delete next.comment;
    else next.comment = comment;
  }
  next.updated = nextVersionStamp(ctx.io.clock.now(), record);
  return next;
}
