import { expect } from 'chai';
import { runAndKill } from '../../support/fault-kill.ts';
import type { KillPoint } from '../../support/fault-kill.ts';
import { faultRandom, faultSeed } from '../../support/fault-random.ts';
import { expectGitAndJiraAgree, syncUntilSettled } from '../../support/fault-assertions.ts';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { makeRecords, pushRecords, startToJiraHarness } from '../../support/to-jira-harness.ts';
import type { ToJiraHarness } from '../../support/to-jira-harness.ts';

const RECORDS = 200;
const ROUNDS = 20;

function killPoint(random: ReturnType<typeof faultRandom>, createsSoFar: number): KillPoint {
  // Half the rounds die after a few more creates (mid-batch), half after a delay (any phase: fetch, journal, write-back).
  return random.next() < 0.5 ? { afterCreates: createsSoFar + random.int(1, 15), afterMs: 8_000 } : { afterMs: random.int(100, 1_500) };
}

describe('fault: SIGKILL at random points of a 200-worklog Tract → Jira sync', function () {
  this.timeout(180_000);
  let h: ToJiraHarness;

  before(async () => {
    h = await startToJiraHarness();
  });
  after(async () => {
    await h?.close();
    removeTempDirs();
  });

  it(`${ROUNDS} kills and restarts, then settles: every record exactly once, nothing lost, queue empty`, async () => {
    const seed = faultSeed(process.env['TRACT_FAULT_SEED']);
    const random = faultRandom(seed);
    console.log(`      seed ${seed} (replay: TRACT_FAULT_SEED=${seed})`);
    await pushRecords(h, makeRecords(RECORDS), { queued: true });
    let creates = 0;
    let killed = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const point = killPoint(random, creates);
      const outcome = await runAndKill(h, point);
      if (!outcome.finished) killed += 1;
      creates = outcome.creates;
    }
    console.log(`      ${killed} of ${ROUNDS} rounds killed mid-pass; Jira saw ${creates} creates before the settling passes`);
    expect(killed, 'rounds that were really killed mid-pass').to.be.at.least(8);
    await syncUntilSettled(h);
    await expectGitAndJiraAgree(h, makeRecords(RECORDS));
  });
});
