import { expect } from 'chai';
import { AuthError, TransientError } from '../../../../shared/core/tract-error.ts';
import { normaliseGitUrl, resolveSyncRepo } from '../../../../cli/sync-server/resolve-sync-repo.ts';
import type { WorklogSyncState } from '../../../../cli/sync-server/sync-api-types.ts';
import { SyncServerClient } from '../../../../cli/sync-server/sync-server-client.ts';
import { waitForSync } from '../../../../cli/sync-server/wait-for-sync.ts';
import { FakeSyncServer } from '../../../support/fake-sync-server.ts';

function state(id: string, value: WorklogSyncState['state']): WorklogSyncState {
  return { id, repo: 'a/b', issue: 'APP-1', state: value, jira: null, error: null, updatedAt: '' };
}

describe('cli/sync-server', () => {
  describe('waitForSync (virtual time)', () => {
    it('polls until every id is final, treating 404 and transient failures as "not yet"', async () => {
      let nowMs = 0;
      const answers: Record<string, (WorklogSyncState | undefined | Error)[]> = {
        a: [undefined, new TransientError('blip'), state('a', 'synced')],
        b: [state('b', 'pending'), state('b', 'failed')],
      };
      const client = {
        fetchWorklogState: async (id: string) => {
          const next = answers[id]!.length > 1 ? answers[id]!.shift() : answers[id]![0];
          if (next instanceof Error) throw next;
          return next;
        },
      };
      const result = await waitForSync(client, ['a', 'b'], { timeoutMs: 10_000, pollIntervalMs: 100, nowMs: () => nowMs, sleep: async (ms) => void (nowMs += ms) });
      expect(result.settled.map((s) => `${s.id}:${s.state}`)).to.deep.equal(['a:synced', 'b:failed']);
      expect(result.unconfirmed).to.deep.equal([]);
      expect(nowMs).to.equal(200);
    });

    it('stops at the timeout and names the unconfirmed ids', async () => {
      let nowMs = 0;
      const client = { fetchWorklogState: async () => undefined };
      const result = await waitForSync(client, ['x'], { timeoutMs: 1000, pollIntervalMs: 300, nowMs: () => nowMs, sleep: async (ms) => void (nowMs += ms) });
      expect(result).to.deep.equal({ settled: [], unconfirmed: ['x'] });
      expect(nowMs).to.equal(1000);
    });

    it('an auth failure ends the wait', async () => {
      const client = { fetchWorklogState: async () => Promise.reject(new AuthError('no')) };
      const error = await waitForSync(client, ['x'], { timeoutMs: 1000, sleep: async () => undefined }).catch((err: unknown) => err);
      expect(error).to.be.instanceOf(AuthError);
    });
  });

  describe('SyncServerClient against the fake controller', () => {
    let server: FakeSyncServer;
    beforeEach(async () => {
      server = await FakeSyncServer.start({ token: 't' });
    });
    afterEach(async () => server.close());

    it('health ok; 404 is an answer; 401 is an AuthError without the token in the message', async () => {
      const client = new SyncServerClient({ baseUrl: server.url, token: 't' });
      expect(await client.fetchHealth()).to.deep.equal({ reachable: true, version: '1.0.0' });
      expect(await client.fetchWorklogState('unknown')).to.equal(undefined);
      expect(await client.pushSyncRequest('a/b')).to.equal('not-found');
      const denied = await new SyncServerClient({ baseUrl: server.url, token: 'wrong' }).fetchRepos().catch((err: unknown) => err);
      expect(denied).to.be.instanceOf(AuthError);
      expect((denied as Error).message).not.to.contain('wrong');
    });

    it('a refused connection is detected at once, not when the health check times out', async () => {
      await server.down();
      // With a ten-minute bound only the refusal itself can end the check before the test's timeout.
      const health = await new SyncServerClient({ baseUrl: server.url, healthTimeoutMs: 600_000 }).fetchHealth();
      expect(health).to.deep.equal({ reachable: false, reason: 'connection refused or timed out' });
      const error = await new SyncServerClient({ baseUrl: server.url }).fetchRepos().catch((err: unknown) => err);
      expect(error).to.be.instanceOf(TransientError);
    });

    it('a suspended repo answers 409, reported as "suspended"', async () => {
      server.addRepo({ namespace: 'a', name: 'b', gitDir: '/nonexistent', suspended: true });
      expect(await new SyncServerClient({ baseUrl: server.url, token: 't' }).pushSyncRequest('a/b')).to.equal('suspended');
    });
  });

  describe('resolveSyncRepo', () => {
    const client = {
      fetchRepos: async () => [{ namespace: 'team-a', name: 'app', gitUrl: 'https://git.example.com/team/app.git' }] as never,
    };
    it('prefers sync.repo, else matches origin after normalising .git, / and credentials', async () => {
      expect(await resolveSyncRepo(client, 'x/y', 'whatever')).to.equal('x/y');
      expect(await resolveSyncRepo(client, undefined, 'https://bot:secret@git.example.com/team/app/')).to.equal('team-a/app');
      expect(await resolveSyncRepo(client, undefined, 'https://git.example.com/team/other.git')).to.equal(undefined);
      expect(await resolveSyncRepo(client, undefined, undefined)).to.equal(undefined);
      expect(normaliseGitUrl(' /srv/git/app.git/ ')).to.equal('/srv/git/app');
    });
    it('matches a clone of a local path to the repo declared with its file:// URL', () => {
      expect(normaliseGitUrl('file:///srv/git/app.git')).to.equal(normaliseGitUrl('/srv/git/app.git'));
    });
  });
});
