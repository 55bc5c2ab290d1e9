import { TransientError } from '../../shared/core/tract-error.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { toJson } from '../output/json-output.ts';
import { resolveSyncRepo } from '../sync-server/resolve-sync-repo.ts';
import type { RepoDetail } from '../sync-server/sync-api-types.ts';
import { checkServer, syncTarget, type ServerCheck } from '../sync-server/sync-target.ts';
import { openWorkspace, type Workspace } from '../workspace/open-workspace.ts';
import type { QueueFile } from '../../shared/git/worklog-repository.ts';
import { openTimerFile } from '../timer/timer-file.ts';
import { timerStatusLine } from '../timer/timer-state.ts';
import { renderStatus } from './render-status.ts';
import type { StatusReport } from './status-report.ts';

export interface StatusOptions {
  json: boolean;
}

/**
 * `tract status`: synced (linked to Jira), pending (committed, not linked), queued (queue files),
 * failed (from the server, when reachable, with each error); malformed lines and duplicates.
 */
export async function runStatus(ctx: CommandContext, opts: StatusOptions): Promise<CommandResult> {
  const ws = await openWorkspace(ctx);
  const snapshot = await ws.worklogs.readWorkingTree();
  const queue = await ws.worklogs.readWorkingQueue();
  const originUrl = await ws.repo.remoteUrl('origin');
  const server = await checkServer(syncTarget(ws.config));
  const { repoRef, detail } = await fetchDetail(server, ws, originUrl);
  const failed = detail?.errors ?? [];
  const failedIds = new Set(failed.map((error) => error.worklogId));
  const queuedIds = new Set(queue.flatMap((q) => (q.entry ? [q.entry.worklogId] : [])));
  const records = snapshot.records.records.map((line) => line.record);
  const synced = records.filter((r) => r.jira !== undefined || r.source === 'jira').length;
  const pending = records.filter((r) => r.jira === undefined && r.source !== 'jira' && !queuedIds.has(r.id) && !failedIds.has(r.id)).length;
  const report: StatusReport = {
    counts: { synced, pending, queued: queue.length, failed: detail === undefined ? null : failed.length },
    queue: queue.map((q) => queueRow(q, records, detail)),
    failed,
    ...serverLists(detail),
    malformed: snapshot.records.problems.length,
    staleCopies: snapshot.records.superseded.length,
    duplicates: snapshot.duplicates.reduce((sum, group) => sum + group.duplicates.length, 0),
    problems: snapshot.problems,
    server: serverRow(server, repoRef),
    unpushedCommits: originUrl === undefined ? null : await unpushedCommits(ws),
    timer: (await openTimerFile(ctx)).read() ?? null,
  };
  if (opts.json) ctx.io.stdout.write(toJson(report));
  else printStatus(ctx, report, ws.config.timezone);
  return {};
}

/** What only the server knows besides the failures (empty when it was not reached). */
function serverLists(detail: RepoDetail | undefined): Pick<StatusReport, 'missing' | 'jiraDuplicates'> {
  return { missing: detail?.missing ?? [], jiraDuplicates: detail?.jiraDuplicates ?? [] };
}

/** The running timer first, then the sync status. */
function printStatus(ctx: CommandContext, report: StatusReport, zone: string): void {
  if (report.timer !== null) ctx.terminal.out(timerStatusLine(report.timer, ctx.io.clock.now(), zone));
  ctx.terminal.out(renderStatus(report));
}

async function fetchDetail(server: ServerCheck, ws: Workspace, originUrl: string | undefined): Promise<{ repoRef: string | null; detail: RepoDetail | undefined }> {
  if (server.kind !== 'reachable') return { repoRef: null, detail: undefined };
  try {
    const ref = await resolveSyncRepo(server.client, ws.config.sync.repo, originUrl);
    return { repoRef: ref ?? null, detail: ref === undefined ? undefined : await server.client.fetchRepo(ref) };
  } catch (err) {
    if (err instanceof TransientError) return { repoRef: null, detail: undefined };
    throw err;
  }
}

function queueRow(q: QueueFile, records: { id: string; issue: string }[], detail: RepoDetail | undefined): StatusReport['queue'][number] {
  const entry = q.entry ?? { worklogId: '', queuedAt: '', reason: `invalid queue file: ${q.problem ?? ''}` };
  const id = entry.worklogId;
  const remote = detail?.queue.find((item) => item.worklogId === id);
  return {
    file: q.path,
    worklogId: id,
    issue: records.find((r) => r.id === id)?.issue ?? null,
    queuedAt: entry.queuedAt,
    reason: entry.reason,
    state: remote?.state ?? null,
    error: remoteError(detail, id),
  };
}

function remoteError(detail: RepoDetail | undefined, id: string): string | null {
  const fromQueue = detail?.queue.find((item) => item.worklogId === id)?.error?.message;
  return fromQueue ?? detail?.errors.find((e) => e.worklogId === id)?.message ?? null;
}

function serverRow(server: ServerCheck, repo: string | null): StatusReport['server'] {
  if (server.kind === 'disabled') return { url: null, state: 'disabled', version: null, repo: null, detail: server.why };
  const url = server.client.displayUrl;
  if (server.kind === 'unreachable') return { url, state: 'unreachable', version: null, repo: null, detail: server.reason };
  return { url, state: 'reachable', version: server.version, repo, detail: repo === null ? 'this clone is not a repo the server manages' : null };
}

async function unpushedCommits(ws: Workspace): Promise<number | null> {
  const branch = await ws.repo.currentBranch();
  const tip = await ws.repo.remoteTip('origin', branch);
  const head = await ws.repo.headCommit();
  if (head === undefined) return 0;
  if (tip === undefined) return null;
  return (await ws.repo.log(`${tip}..${head}`)).length;
}
