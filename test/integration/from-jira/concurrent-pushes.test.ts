import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWorklogRecord } from '../../../shared/core/encode-worklog-record.ts';
import { git, gitLog, removeTempDirs, writeRepoFile } from '../../support/git-fixtures.ts';
import { startFromJiraHarness } from '../../support/from-jira-harness.ts';
import type { FromJiraHarness } from '../../support/from-jira-harness.ts';

const FEB = 'worklogs/2026-02.jsonl';

/** A developer logging time while the controller writes Jira's burst: commit, then pull --rebase and push until it lands. */
async function developerLogs(h: FromJiraHarness, count: number): Promise<string[]> {
  const commits: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const path = join(h.dev, FEB);
    const before = (() => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return '';
      }
    })();
    const record = {
      id: `0199b000-0000-7000-8000-${String(i).padStart(12, '0')}`, issue: 'APP-20', author: 'sarah.jones', time: '15m',
      started: `2026-02-27T${String(8 + (i % 10)).padStart(2, '0')}:${String(i).padStart(2, '0')}:00.000+01:00`, comment: `dev ${i}`,
    };
    writeRepoFile(h.dev, FEB, `${before}${encodeWorklogRecord(record)}\n`);
    await git(h.dev, ['add', FEB]);
    await git(h.dev, ['commit', '--quiet', '-m', `[tract] Log 15m to APP-20 (${i})`]);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await git(h.dev, ['push', '--quiet', 'origin', 'main']);
        break;
      } catch (err) {
        if (attempt > 50) throw err;
        await git(h.dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
      }
    }
    commits.push((await git(h.dev, ['rev-parse', 'HEAD'])).trim());
  }
  return commits;
}

async function jiraBurst(h: FromJiraHarness, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = `2026-02-${String((i % 26) + 1).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000+0000`;
    ids.push(await h.ui(i % 2 === 0 ? 'john' : 'sarah').create(`APP-${(i % 19) + 1}`, { started, seconds: 3600, comment: `jira ${i}` }));
  }
  return ids;
}

describe('Jira → Tract while developers push to the same branch', function () {
  this.timeout(120_000);
  let h: FromJiraHarness;

  before(async () => {
    h = await startFromJiraHarness({ coalescer: { flushDelayMs: 20, flushSize: 10 } });
    await git(h.remote, ['config', 'receive.denyNonFastForwards', 'true']);
    await git(h.remote, ['config', 'receive.denyDeletes', 'true']);
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('loses no line and never forces a push', async () => {
    await git(h.dev, ['config', 'pull.rebase', 'true']);
    const [devCommits, jiraIds] = await Promise.all([developerLogs(h, 15), jiraBurst(h, 80)]);
    await h.settle();

    const lines = (await git(h.remote, ['show', `main:${FEB}`])).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const devIds = lines.filter((l) => String(l.comment).startsWith('dev ')).map((l) => l.id);
    expect(devIds).to.have.length(15);
    const linked = lines.flatMap((l) => (l.jira ? [(l.jira as { worklogId: string }).worklogId] : []));
    expect([...linked].sort()).to.deep.equal([...jiraIds].sort());
    expect(lines).to.have.length(95);
    for (const commit of devCommits) {
      await git(h.remote, ['merge-base', '--is-ancestor', commit, 'main']);
    }
    const subjects = await gitLog(h.remote, 'main');
    const controllerCommits = subjects.filter((s) => s.startsWith('[tract-sync]'));
    expect(controllerCommits.length).to.be.at.least(2);
    expect(controllerCommits.length).to.be.below(80);
    // The race did happen: the controller's push was rejected and its changes re-applied on the new tip.
    expect(h.gitEvents.filter((e) => e.command === 'push' && e.outcome === 'failed').length).to.be.at.least(1);
  });
});
