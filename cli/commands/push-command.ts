import { decodeQueueEntry, QUEUE_DIR } from '../../shared/core/queue-entry.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import type { CommandContext, CommandResult, SyncFlags } from '../command-context.ts';
import { openWorkspace, type Workspace } from '../workspace/open-workspace.ts';
import { reportQueued } from './report-queued.ts';

/**
 * `tract push`: git push (fetch + rebase on rejection, never forced), then report the queue as it stands on
 * the remote tip — every entry there, whether or not this push carried it (entries pushed while only the
 * sync server was down are still waiting): `✓ Synced 2 queued worklogs to Jira`, one `✗ Sync error: …` per
 * refused entry, or a ⚠️ line with how many stay queued and why.
 */
export async function runPush(ctx: CommandContext, opts: SyncFlags): Promise<CommandResult> {
  const ws = await openWorkspace(ctx);
  const originUrl = await ws.repo.remoteUrl('origin');
  if (originUrl === undefined) {
    throw new ValidationError('No git remote "origin": add one with `git remote add origin URL`, then run `tract push`', { reason: 'NoRemote' });
  }
  const branch = await ws.repo.currentBranch();
  const head = await ws.repo.headCommit();
  if (head === undefined) throw new ValidationError('Nothing to push: this repository has no commits yet', { reason: 'NoCommits' });
  await ws.worklogs.push('origin', branch, { strategy: 'rebase' });
  const tip = (await ws.repo.remoteTip('origin', branch)) ?? head;
  const ids = await queuedIdsBetween(ws, undefined, tip);
  return reportQueued(ctx, ws, { ids, originUrl, wait: opts.wait, timeoutMs: opts.syncTimeoutMs, quietWhenNone: false });
}

/** How long the push hook waits: short, so a plain `git push` is never held up for long. */
const HOOK_TIMEOUT_MS = 10_000;

/**
 * `tract hook-report <old>:<new>:<ref>…`, run by the reference-transaction hook. Reports only real
 * pushes of the current branch (the new remote tip is HEAD; a fetch moves it elsewhere) that carried
 * queue entries, and exactly those: the old id is the remote-tracking ref's value before the push (the
 * hook saves it in the `prepared` phase, since git names it all zeros). Never fails: a hook must not turn
 * a good push into an error.
 */
export async function runHookReport(ctx: CommandContext, updates: readonly string[]): Promise<CommandResult> {
  try {
    const ws = await openWorkspace(ctx);
    const head = await ws.repo.headCommit();
    const pushed = updates.map(parseUpdate).find((update) => update !== undefined && update.newSha === head);
    if (pushed === undefined) return {};
    const ids = await queuedIdsBetween(ws, pushed.oldSha, pushed.newSha);
    const originUrl = await ws.repo.remoteUrl('origin');
    await reportQueued(ctx, ws, { ids, originUrl, wait: true, timeoutMs: HOOK_TIMEOUT_MS, quietWhenNone: true });
  } catch (err) {
    ctx.terminal.warn(`tract could not report the sync: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {};
}

const ZERO_SHA = /^0+$/;

function parseUpdate(text: string): { oldSha: string | undefined; newSha: string } | undefined {
  const [oldSha, newSha, ref] = text.split(':');
  if (oldSha === undefined || newSha === undefined || !ref?.startsWith('refs/remotes/origin/') || ZERO_SHA.test(newSha)) return undefined;
  return { oldSha: ZERO_SHA.test(oldSha) ? undefined : oldSha, newSha };
}

/** Worklog ids of the queue files added between two commits (from = undefined: since the beginning). */
export async function queuedIdsBetween(ws: Workspace, from: string | undefined, to: string): Promise<string[]> {
  if (from === to) return [];
  const changes = await ws.repo.diffFiles(from, to, [QUEUE_DIR]);
  const added = changes.filter((change) => change.status === 'A' && change.path.endsWith('.json'));
  const ids: string[] = [];
  for (const change of added) {
    const text = await ws.repo.readFileAt(to, change.path);
    if (text === undefined) continue;
    try {
      ids.push(decodeQueueEntry(text, change.path).worklogId);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
    }
  }
  return ids;
}
