import { expect } from 'chai';
import { BatchGate } from '../../../../shared/jira/batch-gate.ts';
import { FakeTimers } from '../../../support/fake-timers.ts';

function fakeTime(timers: FakeTimers): { nowMs(): number; sleep(ms: number): Promise<void> } {
  return { nowMs: () => timers.nowMs(), sleep: (ms) => new Promise((resolve) => void timers.setTimeout(resolve, ms)) };
}

describe('BatchGate', () => {
  it('admits at most `size` waiting requests per batch, batches `intervalMs` apart', async () => {
    const timers = new FakeTimers();
    await timers.advance(1000);
    const gate = new BatchGate({ size: 10, intervalMs: 100 }, fakeTime(timers));
    const admittedAt: number[] = [];
    for (let i = 0; i < 25; i += 1) void gate.admit().then(() => admittedAt.push(timers.nowMs()));
    await timers.advance(0);
    expect(admittedAt).to.deep.equal(Array(10).fill(1000));
    await timers.advance(99);
    expect(admittedAt).to.have.length(10);
    await timers.advance(1);
    expect(admittedAt.slice(10)).to.deep.equal(Array(10).fill(1100));
    await timers.advance(100);
    expect(admittedAt.slice(20)).to.deep.equal(Array(5).fill(1200));
  });

  it('a request arriving while a batch is out waits for the next batch', async () => {
    const timers = new FakeTimers();
    await timers.advance(500);
    const gate = new BatchGate({ size: 10, intervalMs: 100 }, fakeTime(timers));
    const admittedAt: number[] = [];
    void gate.admit().then(() => admittedAt.push(timers.nowMs()));
    await timers.advance(0);
    await timers.advance(30);
    void gate.admit().then(() => admittedAt.push(timers.nowMs()));
    await timers.advance(69);
    expect(admittedAt).to.deep.equal([500]);
    await timers.advance(1);
    expect(admittedAt).to.deep.equal([500, 600]);
  });

  it('an idle gate admits at once', async () => {
    const timers = new FakeTimers();
    await timers.advance(10_000);
    const gate = new BatchGate({ size: 2, intervalMs: 100 }, fakeTime(timers));
    void gate.admit();
    await timers.advance(500);
    let admitted = false;
    void gate.admit().then(() => (admitted = true));
    await timers.advance(0);
    expect(admitted).to.equal(true);
  });
});
