import { expect } from 'chai';
import { WorkQueue } from '../../../../controller/workqueue/work-queue.ts';
import type { WorkQueueOptions, WorkResult } from '../../../../controller/workqueue/work-queue.ts';
import { FakeTimers, settle } from '../../../support/fake-timers.ts';

/** A processor whose calls stay open until the test finishes them. */
class ControlledProcessor {
  readonly calls: { key: string; atMs: number; finish(result: WorkResult): void }[] = [];
  running = new Map<string, number>();
  maxRunningPerKey = 0;
  maxRunning = 0;
  readonly #timers: FakeTimers;

  constructor(timers: FakeTimers) {
    this.#timers = timers;
  }

  process = (key: string): Promise<WorkResult> =>
    new Promise<WorkResult>((resolve) => {
      this.running.set(key, (this.running.get(key) ?? 0) + 1);
      this.maxRunningPerKey = Math.max(this.maxRunningPerKey, ...this.running.values());
      this.maxRunning = Math.max(this.maxRunning, [...this.running.values()].reduce((a, b) => a + b, 0));
      this.calls.push({
        key,
        atMs: this.#timers.nowMs(),
        finish: (result) => {
          this.running.set(key, (this.running.get(key) ?? 1) - 1);
          resolve(result);
        },
      });
    });

  keys(): string[] {
    return this.calls.map((c) => c.key);
  }

  async finishLast(result: WorkResult): Promise<void> {
    this.calls.at(-1)!.finish(result);
    await settle();
  }
}

function setup(overrides: Partial<WorkQueueOptions> = {}): { queue: WorkQueue; timers: FakeTimers; processor: ControlledProcessor } {
  const timers = new FakeTimers();
  const processor = new ControlledProcessor(timers);
  const queue = new WorkQueue({ concurrency: 2, process: processor.process, timers, random: () => 0.5, ...overrides });
  return { queue, timers, processor };
}

describe('WorkQueue', () => {
  it('queues a key once however often it is added before a worker takes it', async () => {
    const { queue, processor } = setup({ concurrency: 1 });
    queue.add('a/blocker');
    queue.add('ns/x');
    queue.add('ns/x');
    queue.add('ns/x');
    await settle();
    expect(queue.depth).to.equal(1);
    await processor.finishLast({ kind: 'done' });
    await processor.finishLast({ kind: 'done' });
    expect(processor.keys()).to.deep.equal(['a/blocker', 'ns/x']);
  });

  it('never runs one key twice at once: an add while in flight runs it again after it is done', async () => {
    const { queue, processor } = setup({ concurrency: 4 });
    queue.add('ns/x');
    await settle();
    queue.add('ns/x');
    queue.add('ns/x');
    await settle();
    expect(processor.calls).to.have.length(1);
    await processor.finishLast({ kind: 'done' });
    expect(processor.calls).to.have.length(2);
    await processor.finishLast({ kind: 'done' });
    expect(processor.calls).to.have.length(2);
    expect(processor.maxRunningPerKey).to.equal(1);
  });

  it('bounds the number of keys processed at once', async () => {
    const { queue, processor } = setup({ concurrency: 2 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) queue.add(`ns/${key}`);
    await settle();
    expect(processor.calls).to.have.length(2);
    expect(queue.depth).to.equal(3);
    for (let i = 0; i < 5; i += 1) processor.calls[i]!.finish({ kind: 'done' }), await settle();
    expect(processor.keys()).to.deep.equal(['ns/a', 'ns/b', 'ns/c', 'ns/d', 'ns/e']);
    expect(processor.maxRunning).to.equal(2);
  });

  it('requeues after the interval with jitter', async () => {
    const { queue, timers, processor } = setup({ jitterPercent: 10, random: () => 1 });
    queue.add('ns/x');
    await settle();
    await processor.finishLast({ kind: 'done', requeueAfterMs: 60_000 });
    expect(timers.dueTimes).to.deep.equal([66_000]);
    await timers.advance(65_999);
    expect(processor.calls).to.have.length(1);
    await timers.advance(1);
    expect(processor.calls).to.have.length(2);
    expect(processor.calls[1]!.atMs).to.equal(66_000);
  });

  it('jitters below the interval too', async () => {
    const { queue, timers } = setup({ jitterPercent: 5, random: () => 0 });
    queue.addAfter('ns/x', 100_000);
    expect(timers.dueTimes).to.deep.equal([95_000]);
  });

  it('backs off per key from 750 ms doubling to 15 min, and a success resets it', async () => {
    const { queue, timers, processor } = setup();
    const delays: number[] = [];
    queue.add('ns/x');
    await settle();
    for (let i = 0; i < 13; i += 1) {
      await processor.finishLast({ kind: 'retry' });
      const due = timers.dueTimes[0]!;
      delays.push(due - timers.nowMs());
      await timers.advance(due - timers.nowMs());
    }
    expect(delays.slice(0, 5)).to.deep.equal([750, 1500, 3000, 6000, 12_000]);
    expect(delays.at(-1)).to.equal(15 * 60_000);
    expect(queue.failures('ns/x')).to.equal(13);
    await processor.finishLast({ kind: 'done' });
    expect(queue.failures('ns/x')).to.equal(0);
    queue.add('ns/x');
    await settle();
    await processor.finishLast({ kind: 'retry' });
    expect(timers.dueTimes[0]! - timers.nowMs()).to.equal(750);
  });

  it('keeps backoff separate per key', async () => {
    const { queue, timers, processor } = setup();
    queue.add('ns/a');
    await settle();
    await processor.finishLast({ kind: 'retry' });
    await timers.advance(750);
    await processor.finishLast({ kind: 'retry' });
    queue.add('ns/b');
    await settle();
    await processor.finishLast({ kind: 'retry' });
    expect(queue.failures('ns/a')).to.equal(2);
    expect(queue.failures('ns/b')).to.equal(1);
  });

  it("honours a Retry-After longer than the backoff", async () => {
    const { queue, timers, processor } = setup();
    queue.add('ns/x');
    await settle();
    await processor.finishLast({ kind: 'retry', minDelayMs: 30_000 });
    expect(timers.dueTimes).to.deep.equal([30_000]);
  });

  it('keeps the earliest of several delayed adds', async () => {
    const { queue, timers } = setup();
    queue.addAfter('ns/x', 5000);
    queue.addAfter('ns/x', 9000);
    queue.addAfter('ns/x', 2000);
    expect(timers.dueTimes).to.deep.equal([2000]);
  });

  it('drops a delayed add when the key is processed earlier', async () => {
    const { queue, timers, processor } = setup();
    queue.addAfter('ns/x', 5000);
    queue.add('ns/x');
    await settle();
    expect(timers.dueTimes).to.deep.equal([]);
    await processor.finishLast({ kind: 'stop' });
    await timers.advance(10_000);
    expect(processor.calls).to.have.length(1);
  });

  it('runs a key again at once after a conflict, and backs off when conflicts keep coming', async () => {
    const { queue, timers, processor } = setup();
    queue.add('ns/x');
    await settle();
    for (let i = 0; i < 3; i += 1) await processor.finishLast({ kind: 'now' });
    expect(processor.calls).to.have.length(4);
    expect(timers.dueTimes).to.deep.equal([]);
    await processor.finishLast({ kind: 'now' });
    expect(processor.calls).to.have.length(4);
    expect(timers.dueTimes).to.deep.equal([6000]);
    await timers.advance(6000);
    await processor.finishLast({ kind: 'done' });
    expect(queue.failures('ns/x')).to.equal(0);
  });

  it('retries with backoff when the processor throws, and reports it', async () => {
    const errors: unknown[] = [];
    const timers = new FakeTimers();
    const queue = new WorkQueue({
      concurrency: 1, timers, process: () => Promise.reject(new Error('bug')), hooks: { onProcessorError: (_key, err) => errors.push(err) },
    });
    queue.add('ns/x');
    await settle();
    expect(errors).to.have.length(1);
    expect(timers.dueTimes).to.deep.equal([750]);
  });

  it('reports depth, adds, retries and work durations', async () => {
    const depths: number[] = [];
    const events: string[] = [];
    const { queue, timers, processor } = setup({
      concurrency: 1,
      hooks: {
        onDepth: (d) => depths.push(d),
        onAdd: (k) => events.push(`add ${k}`),
        onRetry: (k, ms) => events.push(`retry ${k} ${ms}`),
        onWorkDone: (k, ms, r) => events.push(`done ${k} ${ms} ${r.kind}`),
      },
    });
    queue.add('ns/x');
    queue.add('ns/y');
    queue.add('ns/z');
    await settle();
    await timers.advance(40);
    await processor.finishLast({ kind: 'retry' });
    expect(events).to.deep.equal(['add ns/x', 'add ns/y', 'add ns/z', 'done ns/x 40 retry', 'retry ns/x 750']);
    expect(depths).to.include(2);
  });

  it('on shutdown drops waiting keys and timers and waits for the running pass', async () => {
    const { queue, timers, processor } = setup({ concurrency: 1 });
    queue.add('ns/a');
    queue.add('ns/b');
    queue.addAfter('ns/c', 1000);
    await settle();
    let stopped = false;
    const stopping = queue.shutDown().then(() => { stopped = true; });
    await settle();
    expect(stopped).to.equal(false);
    queue.add('ns/d');
    await processor.finishLast({ kind: 'done', requeueAfterMs: 10 });
    await stopping;
    await timers.advance(5000);
    expect(processor.keys()).to.deep.equal(['ns/a']);
    expect(timers.dueTimes).to.deep.equal([]);
  });
});
