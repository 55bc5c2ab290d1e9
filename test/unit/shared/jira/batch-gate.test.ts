import { expect } from 'chai';
import { BatchGate } from '../../../../shared/jira/batch-gate.ts';
import { FakeTimers } from '../../../support/fake-timers.ts';

function fakeTime(timers: FakeTimers): { nowMs(): number; sleep(ms: number): Promise<void> } {
  return { nowMs: () => timers.nowMs(), sleep: (ms) => new Promise((resolve) => void timers.setTimeout(resolve, ms)) };
}

/** A request the test answers by hand: `sentAt` is when the gate let it go. */
interface Sent {
  sentAt: number[];
  answer: () => void;
}

function request(gate: BatchGate, timers: FakeTimers, sentAt: number[]): Sent {
  let answer = (): void => undefined;
  void gate.run(() => {
    sentAt.push(timers.nowMs());
    return new Promise<void>((resolve) => (answer = resolve));
  });
  return { sentAt, answer: () => answer() };
}

describe('BatchGate', () => {
  it('sends at most `size` waiting requests per batch; the next batch opens `intervalMs` after the first answer', async () => {
    const timers = new FakeTimers();
    await timers.advance(1000);
    const gate = new BatchGate({ size: 10, intervalMs: 100 }, fakeTime(timers));
    const sentAt: number[] = [];
    const requests = Array.from({ length: 25 }, () => request(gate, timers, sentAt));
    await timers.advance(0);
    expect(sentAt).to.deep.equal(Array(10).fill(1000));
    await timers.advance(30);
    for (const r of requests.slice(0, 10)) r.answer();
    await timers.advance(99);
    expect(sentAt, 'the second batch before 100 ms after the first answer').to.have.length(10);
    await timers.advance(1);
    expect(sentAt.slice(10)).to.deep.equal(Array(10).fill(1130));
    for (const r of requests.slice(10, 20)) r.answer();
    await timers.advance(100);
    expect(sentAt.slice(20)).to.deep.equal(Array(5).fill(1230));
  });

  it('keeps one batch in flight: the next waits for every answer of the previous one', async () => {
    const timers = new FakeTimers();
    await timers.advance(1000);
    const gate = new BatchGate({ size: 2, intervalMs: 100 }, fakeTime(timers));
    const sentAt: number[] = [];
    const [first, second] = [request(gate, timers, sentAt), request(gate, timers, sentAt)];
    request(gate, timers, sentAt);
    await timers.advance(0);
    first!.answer();
    await timers.advance(500);
    expect(sentAt, 'a batch sent while one of the previous is unanswered').to.deep.equal([1000, 1000]);
    second!.answer();
    await timers.advance(0);
    expect(sentAt).to.deep.equal([1000, 1000, 1500]);
  });

  it('a failed request counts as answered', async () => {
    const timers = new FakeTimers();
    const gate = new BatchGate({ size: 1, intervalMs: 100 }, fakeTime(timers));
    const sentAt: number[] = [];
    const failed = gate.run(() => Promise.reject(new Error('ECONNRESET'))).catch((err: Error) => err.message);
    request(gate, timers, sentAt);
    await timers.advance(0);
    expect(await failed).to.equal('ECONNRESET');
    await timers.advance(100);
    expect(sentAt).to.deep.equal([100]);
  });

  it('a request arriving while a batch is out waits for the next batch', async () => {
    const timers = new FakeTimers();
    await timers.advance(500);
    const gate = new BatchGate({ size: 10, intervalMs: 100 }, fakeTime(timers));
    const sentAt: number[] = [];
    const first = request(gate, timers, sentAt);
    await timers.advance(30);
    request(gate, timers, sentAt);
    first.answer();
    await timers.advance(99);
    expect(sentAt).to.deep.equal([500]);
    await timers.advance(1);
    expect(sentAt).to.deep.equal([500, 630]);
  });

  it('an idle gate sends at once', async () => {
    const timers = new FakeTimers();
    await timers.advance(10_000);
    const gate = new BatchGate({ size: 2, intervalMs: 100 }, fakeTime(timers));
    const sentAt: number[] = [];
    const first = request(gate, timers, sentAt);
    await timers.advance(0);
    first.answer();
    await timers.advance(500);
    request(gate, timers, sentAt);
    await timers.advance(0);
    expect(sentAt).to.deep.equal([10_000, 10_500]);
  });
});
