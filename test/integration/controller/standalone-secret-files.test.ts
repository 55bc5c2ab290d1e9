/**
 * Standalone mode watches `--secrets-dir` (docs/to-jira.md "Retries"): a Jira token fixed in its Secret
 * file syncs the stranded worklog at once. The poll interval (1 h), the reconcile backoff and the failed
 * record's retry schedule (3 h) are all hours away and nothing asks for a pass, so only the watch can
 * explain the sync.
 */
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitFile, git, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { DEMO_TOKEN } from '../../support/jira-sim.ts';
import { eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness } from './controller-harness.ts';

const ID = '0199a000-0000-7000-8000-0000000005f1';
const HOURS = 3 * 3_600_000;

interface RepoAnswer {
  ready: string;
  reason: string;
  errors: { worklogId: string; reason: string; nextRetryAt: string }[];
}

function writeToken(dir: string, token: string): void {
  mkdirSync(join(dir, 'jira'), { recursive: true });
  writeFileSync(join(dir, 'jira', 'email'), 'tract-sync@example.com');
  writeFileSync(join(dir, 'jira', 'apiToken'), token);
}

function repoWhere(h: ControllerHarness, test: (repo: RepoAnswer) => boolean, what: string): Promise<RepoAnswer> {
  return eventually(async () => {
    const { body } = await h.fetchJson<RepoAnswer>('/api/v1/repos/default/app');
    return test(body) ? body : undefined;
  }, 20_000, what);
}

describe('controller, standalone: a Secret file fixed retries the failed worklogs at once', function () {
  this.timeout(60_000);
  let h: ControllerHarness;
  const secretsDir = tempDir('tract-secrets-');

  before(async () => {
    writeToken(secretsDir, DEMO_TOKEN);
    h = await startControllerHarness({ config: { secretsDir, backoff: { minMs: HOURS, maxMs: HOURS }, recordRetry: { firstMs: HOURS, maxMs: HOURS } } });
    await repoWhere(h, (r) => r.ready === 'True', 'the first pass');
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('wrong token → AuthenticationFailed; the file fixed → the worklog reaches Jira with no edit, no request and no scheduled retry', async () => {
    writeToken(secretsDir, 'wrong-token');
    await git(h.dev, ['pull', '--quiet', '--rebase']);
    const line = { id: ID, issue: 'APP-7', author: 'john.mcmullan', time: '2h', started: '2026-02-14T09:00:00.000+01:00', comment: 'Fixed bug' };
    await commitFile(h.dev, 'worklogs/2026-02.jsonl', `${JSON.stringify(line)}\n`, '[tract] Log 2h');
    await git(h.dev, ['push', '--quiet', 'origin', 'main']);
    await h.fetchJson('/api/v1/repos/default/app/sync', { method: 'POST' });
    const failing = await repoWhere(h, (r) => r.errors.some((e) => e.worklogId === ID), 'the failure');
    expect(failing).to.include({ ready: 'False', reason: 'AuthenticationFailed' });
    expect(Date.parse(failing.errors[0]!.nextRetryAt) - Date.now(), 'its scheduled retry is hours away').to.be.greaterThan(3_600_000);

    writeToken(secretsDir, DEMO_TOKEN);
    await repoWhere(h, (r) => r.ready === 'True' && r.errors.length === 0, 'Ready again');
    expect(h.sim.control.state().worklogs.filter((w) => (w.properties.tract as { id?: string } | undefined)?.id === ID)).to.have.length(1);
  });
});
