import { expect } from 'chai';
import { RestartingInformer } from '../../../../controller/kube/restarting-informer.ts';
import type { RestartReason, StreamHandlers, WatchStream } from '../../../../controller/kube/restarting-informer.ts';
import { silentLogger } from '../../../../controller/logging/create-logger.ts';
import { FakeTimers } from '../../../support/fake-timers.ts';

interface Obj {
  name: string;
}

/** One (re)start of list+watch; the test plays the API server through its handlers. */
class FakeStream implements WatchStream {
  readonly handlers: StreamHandlers<Obj>;
  stopped = false;
  #settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;

  constructor(handlers: StreamHandlers<Obj>) {
    this.handlers = handlers;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  /** The list succeeded and the watch connected. */
  connect(items: Obj[] = []): void {
    this.handlers.onList(items);
    this.#settle?.resolve();
  }

  /** The list failed (ListWatch reports through the error callback, then start() resolves). */
  failList(err = new Error('list failed')): void {
    this.handlers.onError(err);
    this.#settle?.resolve();
  }
}

const POLICY = { backoffMinMs: 1000, backoffMaxMs: 8000, lastSeenLimitMs: 60_000, relistIntervalMs: 600_000 };

function setup(random = () => 0): { timers: FakeTimers; streams: FakeStream[]; restarts: RestartReason[]; seen: string[]; informer: RestartingInformer<Obj> } {
  const timers = new FakeTimers();
  const streams: FakeStream[] = [];
  const restarts: RestartReason[] = [];
  const seen: string[] = [];
  const informer = new RestartingInformer<Obj>({
    name: 'test',
    factory: (handlers) => {
      const stream = new FakeStream(handlers);
      streams.push(stream);
      return stream;
    },
    handlers: {
      onList: (items) => seen.push(`list ${items.map((i) => i.name).join(',')}`),
      onUpsert: (o) => seen.push(`upsert ${o.name}`),
      onDelete: (o) => seen.push(`delete ${o.name}`),
    },
    timers,
    logger: silentLogger(),
    policy: POLICY,
    onRestart: (reason) => restarts.push(reason),
    random,
  });
  return { timers, streams, restarts, seen, informer };
}

describe('RestartingInformer', () => {
  it('is synced after the first list; whenSynced resolves then', async () => {
    const { informer, streams, timers } = setup();
    informer.start();
    let synced = false;
    void informer.whenSynced().then(() => (synced = true));
    await timers.advance(0);
    expect(synced).to.equal(false);
    streams[0]!.connect([{ name: 'a' }]);
    await timers.advance(0);
    expect(synced).to.equal(true);
    expect(informer.synced).to.equal(true);
  });

  it('restarts a fresh stream after an error, with exponential backoff capped at the maximum', async () => {
    const { informer, streams, timers, restarts } = setup();
    informer.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = timers.nowMs();
      streams.at(-1)!.failList();
      await timers.advance(0);
      expect(streams.at(-1)!.stopped).to.equal(true);
      const count = streams.length;
      while (streams.length === count) await timers.advance(100);
      delays.push(timers.nowMs() - started);
    }
    expect(delays).to.deep.equal([1000, 2000, 4000, 8000, 8000]);
    expect(restarts).to.deep.equal(['error', 'error', 'error', 'error', 'error']);
    expect(informer.failures).to.equal(5);
  });

  it('resets the backoff once a stream has listed and connected its watch', async () => {
    const { informer, streams, timers } = setup();
    informer.start();
    streams[0]!.failList();
    await timers.advance(1000);
    streams[1]!.failList();
    await timers.advance(2000);
    expect(informer.failures).to.equal(2);
    streams[2]!.connect();
    await timers.advance(0);
    expect(informer.failures).to.equal(0);
    streams[2]!.handlers.onError(new Error('watch broke'));
    await timers.advance(999);
    expect(streams).to.have.length(3);
    await timers.advance(1);
    expect(streams).to.have.length(4);
  });

  it('jitters the backoff by up to +20 %', async () => {
    const { informer, streams, timers } = setup(() => 0.5);
    informer.start();
    streams[0]!.failList();
    await timers.advance(1099);
    expect(streams).to.have.length(1);
    await timers.advance(1);
    expect(streams).to.have.length(2);
  });

  it('a rejected start() is an error too', async () => {
    const { informer, timers, restarts } = setup();
    const failing = new RestartingInformer<Obj>({
      name: 'rejecting', factory: () => ({ start: () => Promise.reject(new Error('boom')), stop: async () => undefined }),
      handlers: { onList: () => undefined, onUpsert: () => undefined, onDelete: () => undefined },
      timers, logger: silentLogger(), policy: POLICY, onRestart: (reason) => restarts.push(reason), random: () => 0,
    });
    failing.start();
    await timers.advance(0);
    expect(restarts).to.deep.equal(['error']);
    await failing.stop();
    await informer.stop();
  });

  it('ignores what a replaced stream still delivers', async () => {
    const { informer, streams, timers, seen } = setup();
    informer.start();
    streams[0]!.connect([{ name: 'a' }]);
    streams[0]!.handlers.onError(new Error('gone'));
    await timers.advance(1000);
    streams[0]!.handlers.onUpsert({ name: 'late' });
    streams[0]!.handlers.onError(new Error('late error'));
    streams[1]!.connect([{ name: 'b' }]);
    await timers.advance(0);
    expect(seen).to.deep.equal(['list a', 'list b']);
    expect(streams).to.have.length(2);
  });

  it('relists when nothing arrived for the last-seen limit (a silently dead watch), not while events flow', async () => {
    const { informer, streams, timers, restarts } = setup();
    informer.start();
    streams[0]!.connect();
    for (let i = 0; i < 5; i += 1) {
      await timers.advance(50_000);
      streams[0]!.handlers.onUpsert({ name: `e${i}` });
    }
    expect(restarts).to.deep.equal([]);
    await timers.advance(60_000);
    expect(restarts).to.deep.equal(['watchdog']);
    expect(streams[0]!.stopped).to.equal(true);
    expect(streams).to.have.length(2);
  });

  it('relists periodically whatever happens', async () => {
    const { informer, streams, timers, restarts } = setup();
    informer.start();
    streams[0]!.connect();
    for (let i = 0; i < 20; i += 1) {
      await timers.advance(30_000);
      streams.at(-1)!.handlers.onUpsert({ name: `e${i}` });
    }
    expect(restarts).to.deep.equal(['relist']);
    expect(streams).to.have.length(2);
  });

  it('stop() ends the stream and every timer: no restart follows', async () => {
    const { informer, streams, timers, restarts } = setup();
    informer.start();
    streams[0]!.failList();
    await informer.stop();
    await timers.advance(700_000);
    expect(streams).to.have.length(1);
    expect(restarts).to.deep.equal(['error']);
    expect(timers.dueTimes).to.deep.equal([]);
  });
});
