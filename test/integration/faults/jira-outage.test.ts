import { expect } from 'chai';
import { expectGitAndJiraAgree, queueFiles, syncUntilSettled } from '../../support/fault-assertions.ts';
import { countCreates } from '../../support/fault-kill.ts';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { makeRecords, pushRecords, startToJiraHarness } from '../../support/to-jira-harness.ts';
import type { ToJiraHarness } from '../../support/to-jira-harness.ts';

const REST = { path: '^/rest/' };

describe('fault: a Jira outage and its recovery', function () {
  this.timeout(120_000);
  let h: ToJiraHarness;

  beforeEach(async () => {
    h = await startToJiraHarness();
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('503 on every request, then connections that hang and drop: records stay pending, then sync exactly once', async () => {
    const records = makeRecords(40);
    await pushRecords(h, records, { queued: true });

    await h.sim.addFault({ ...REST, action: { type: 'error', status: 503 } });
    const down = await h.sync();
    expect(down.pending, 'pending while Jira answers 503').to.equal(40);
    expect(down.created).to.equal(0);

    await h.sim.clearFaults();
    await h.sim.addFault({ ...REST, action: { type: 'hang', ms: 300 } });
    const hanging = await h.sync();
    expect(hanging.pending, 'pending while Jira hangs').to.equal(40);

    expect((await h.sim.state()).worklogs, 'Jira during the outage').to.have.length(0);
    expect(await queueFiles(h), 'queue files kept during the outage').to.have.length(40);
    const statuses = (await h.sim.requests()).map((r) => r.status);
    expect(statuses.filter((s) => s === 503).length, '503s answered').to.be.at.least(1);

    await h.sim.clearFaults();
    await syncUntilSettled(h);
    await expectGitAndJiraAgree(h, records);
  });

  it('an outage that starts mid-pass (after 15 creates): the rest stays pending, then exactly once', async () => {
    const records = makeRecords(60);
    await pushRecords(h, records, { queued: true });
    const pass = h.sync();
    while ((await countCreates(h)) < 15) await new Promise((resolve) => setTimeout(resolve, 3));
    await h.sim.addFault({ ...REST, action: { type: 'error', status: 503 } });
    const partial = await pass;
    expect(partial.created, 'created before the outage').to.be.within(15, 40);
    expect(partial.pending, 'pending after the outage began').to.equal(60 - partial.created);
    await h.sim.clearFaults();
    await syncUntilSettled(h);
    await expectGitAndJiraAgree(h, records);
  });
});
