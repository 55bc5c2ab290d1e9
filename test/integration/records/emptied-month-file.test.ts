/**
 * Found by the convergence test (seeds 839987083, 839987084): a record that leaves a month file (moved to
 * another month, by `tract edit --started` or a Jira-side edit) must not leave the teammate who has not
 * pulled with a change to that file that cannot be rebased.
 */
import { expect } from 'chai';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { recordSetAt } from './replicas.ts';
import { TeamWorld } from './team-world.ts';
import type { Developer } from './team-world.ts';

describe('a month file a record left still takes a teammate\'s change to it', function () {
  this.timeout(60_000);
  let w: TeamWorld;

  afterEach(async () => {
    await w.close();
    removeTempDirs();
  });

  for (const driver of [false, true]) {
    it(`a delete in the old month lands after a Jira-side edit moved the record (${driver ? 'merge driver' : 'merge=union only'})`, async () => {
      w = await TeamWorld.start({ drivers: [true, driver] });
      const [a, b] = w.developers as [Developer, Developer];
      await w.tract(a, ['log', 'APP-1', '2h', 'moved', '--started', '2026-03-02T09:00:00+00:00']);
      await w.controllerStep('Tract → Jira pass', () => w.h.syncToJira());
      await w.pull(b);
      const [line] = (await recordSetAt(w.h.remote, 'main')).records;
      const id = line!.record.id;
      await w.h.ui('sync').update('APP-1', line!.record.jira!.worklogId, { started: '2026-02-20T09:00:00.000+0000' });
      await w.controllerStep('Jira → Tract (webhook)', async () => undefined);
      const deleted = await w.run(b, ['delete', id]);
      expect(deleted.code, deleted.stderr).to.equal(0);
      const remote = await recordSetAt(w.h.remote, 'main');
      expect(remote.records).to.deep.equal([]);
      expect(remote.tombstones.map((l) => l.record.id)).to.deep.equal([id]);
    });

    it(`a delete in the old month lands after a teammate moved the record (${driver ? 'merge driver' : 'merge=union only'})`, async () => {
      w = await TeamWorld.start({ drivers: [true, driver] });
      const [a, b] = w.developers as [Developer, Developer];
      await w.tract(a, ['log', 'APP-1', '2h', 'moved', '--started', '2026-03-02T09:00:00+00:00']);
      await w.pull(b);
      const [line] = (await recordSetAt(w.h.remote, 'main')).records;
      const id = line!.record.id;
      await w.tract(a, ['edit', id, '--started', '2026-02-20T09:00:00+00:00']);
      const deleted = await w.run(b, ['delete', id]);
      expect(deleted.code, deleted.stderr).to.equal(0);
      const remote = await recordSetAt(w.h.remote, 'main');
      expect(remote.records).to.deep.equal([]);
      expect(remote.tombstones.map((l) => l.record.id)).to.deep.equal([id]);
    });
  }
});
