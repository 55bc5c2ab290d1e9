import { TractError } from '../../shared/core/tract-error.ts';
import { resolveSyncRepo } from '../sync-server/resolve-sync-repo.ts';
import type { SyncServerClient } from '../sync-server/sync-server-client.ts';
import { checkServer, syncTarget } from '../sync-server/sync-target.ts';
import type { Workspace } from '../workspace/open-workspace.ts';
import type { Check } from './doctor-check.ts';

/** The sync server part of `tract doctor`: `/health`, then which TractRepo this clone is. */
export async function checkSyncServer(ws: Workspace): Promise<Check[]> {
  const server = await checkServer(syncTarget(ws.config));
  if (server.kind === 'disabled') return [{ level: 'warn', text: `sync server: disabled (${server.why})` }];
  const url = server.client.displayUrl;
  if (server.kind === 'unreachable') {
    return [{ level: 'warn', text: `sync server: ${url} unreachable (${server.reason}): new worklogs will be queued` }];
  }
  const checks: Check[] = [{ level: 'ok', text: `sync server: ${url} /health ok (version ${server.version})` }];
  try {
    const repo = await resolveSyncRepo(server.client, ws.config.sync.repo, await ws.repo.remoteUrl('origin'));
    checks.push(
      repo === undefined
        ? { level: 'warn', text: 'sync server: no TractRepo matches this clone\'s origin URL: set sync.repo to <namespace>/<name>' }
        : { level: 'ok', text: `sync server: this clone is TractRepo ${repo}` },
    );
    if (repo !== undefined) checks.push(...(await missingChecks(server.client, repo)));
  } catch (err) {
    if (!(err instanceof TractError)) throw err;
    checks.push({ level: err.kind === 'transient' ? 'warn' : 'fail', text: `sync server: ${err.message}` });
  }
  return checks;
}

/** Records Jira has that git lost without a tombstone: the controller holds them and never deletes them. */
async function missingChecks(client: SyncServerClient, repo: string): Promise<Check[]> {
  const detail = await client.fetchRepo(repo);
  return (detail?.missing ?? []).map((missing) => ({ level: 'warn', text: `missing: ${missing.message}` }));
}
