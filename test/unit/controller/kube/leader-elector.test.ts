import { expect } from 'chai';
import { ConflictError, TransientError } from '../../../../shared/core/tract-error.ts';
import type { LeaseApi, LeaseRecord, StoredLease } from '../../../../controller/kube/kube-lease-api.ts';
import { LeaderElector } from '../../../../controller/kube/leader-elector.ts';
import type { LeaderElectorOptions } from '../../../../controller/kube/leader-elector.ts';
import { silentLogger } from '../../../../controller/logging/create-logger.ts';
import { FakeTimers } from '../../../support/fake-timers.ts';

/** One Lease with resourceVersions, like the API server's; `failNext` makes calls throw. */
class FakeLeaseApi implements LeaseApi {
  lease: StoredLease | undefined;
  #version = 0;
  failures: Error[] = [];
  writes: LeaseRecord[] = [];

  async fetchLease(): Promise<StoredLease | undefined> {
    this.#maybeFail();
    return this.lease === undefined ? undefined : structuredClone(this.lease);
  }

  async createLease(record: LeaseRecord): Promise<StoredLease> {
    this.#maybeFail();
    if (this.lease) throw new ConflictError('exists');
    return this.#store(record);
  }

  async replaceLease(record: LeaseRecord, resourceVersion: string): Promise<StoredLease> {
    this.#maybeFail();
    if (this.lease?.resourceVersion !== resourceVersion) throw new ConflictError('changed');
    return this.#store(record);
  }

  /** Another replica writes the Lease directly. */
  put(record: LeaseRecord): void {
    this.#store(record);
    this.writes.pop();
  }

  #store(record: LeaseRecord): StoredLease {
    this.#version += 1;
    this.lease = { record: structuredClone(record), resourceVersion: String(this.#version) };
    this.writes.push(structuredClone(record));
    return structuredClone(this.lease);
  }

  #maybeFail(): void {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }
}

const TIMING = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 };

interface Harness {
  elector: LeaderElector;
  log: string[];
}

function elector(api: LeaseApi, timers: FakeTimers, identity = 'pod-a', extra: Partial<LeaderElectorOptions> = {}): Harness {
  const log: string[] = [];
  const clock = { now: () => new Date(Date.UTC(2026, 1, 14) + timers.nowMs()) };
  const instance = new LeaderElector({
    ...TIMING, identity, api, timers, clock, logger: silentLogger(), random: () => 0,
    onStartedLeading: () => log.push('started'),
    onStoppedLeading: (reason) => log.push(`stopped: ${reason}`),
    onLeadingChange: (leading) => log.push(`leading=${leading}`),
    ...extra,
  });
  return { elector: instance, log };
}

function otherHolder(renewTime = '2020-01-01T00:00:00.000Z'): LeaseRecord {
  return { holderIdentity: 'pod-z', leaseDurationSeconds: 3, acquireTime: renewTime, renewTime, leaseTransitions: 4 };
}

describe('LeaderElector', () => {
  let timers: FakeTimers;
  let api: FakeLeaseApi;

  beforeEach(() => {
    timers = new FakeTimers();
    api = new FakeLeaseApi();
  });

  it('creates an absent Lease and leads, with the lease duration in whole seconds', async () => {
    const { elector: e, log } = elector(api, timers);
    e.start();
    await timers.advance(0);
    expect(e.leading).to.equal(true);
    expect(log).to.deep.equal(['leading=true', 'started']);
    expect(api.lease?.record).to.deep.include({ holderIdentity: 'pod-a', leaseDurationSeconds: 3, leaseTransitions: 0, renewTime: '2026-02-14T00:00:00.000Z' });
  });

  it('writes its address into the Lease; a standby reads it as the leader\'s address (where it forwards)', async () => {
    const { elector: leader } = elector(api, timers, 'pod-a', { address: () => 'http://10.0.0.5:3100' });
    const { elector: standby } = elector(api, timers, 'pod-b', { address: () => 'http://10.0.0.6:3100' });
    leader.start();
    await timers.advance(0);
    standby.start();
    await timers.advance(600);
    expect(api.lease?.record).to.deep.include({ holderIdentity: 'pod-a', holderAddress: 'http://10.0.0.5:3100' });
    expect(standby.leading).to.equal(false);
    expect(standby.leaderAddress).to.equal('http://10.0.0.5:3100');
    expect(leader.leaderAddress).to.equal(undefined);
  });

  it('renews every retry period, keeping acquireTime and the transition count', async () => {
    const { elector: e } = elector(api, timers);
    e.start();
    await timers.advance(0);
    await timers.advance(1600);
    expect(api.writes).to.have.length(4);
    expect(api.lease?.record).to.deep.include({ acquireTime: '2026-02-14T00:00:00.000Z', renewTime: '2026-02-14T00:00:01.500Z', leaseTransitions: 0 });
    expect(e.leading).to.equal(true);
  });

  it('waits a full lease duration of local observation before taking a held Lease, whatever its renewTime says', async () => {
    api.put(otherHolder('2020-01-01T00:00:00.000Z'));
    const { elector: e, log } = elector(api, timers);
    e.start();
    await timers.advance(2900);
    expect(e.leading).to.equal(false);
    expect(log).to.deep.equal([]);
    await timers.advance(100);
    expect(e.leading).to.equal(true);
    expect(api.lease?.record).to.deep.include({ holderIdentity: 'pod-a', leaseTransitions: 5, acquireTime: '2026-02-14T00:00:03.000Z' });
  });

  it('never takes a Lease whose holder keeps renewing it', async () => {
    api.put(otherHolder());
    const { elector: e } = elector(api, timers);
    e.start();
    for (let i = 0; i < 20; i += 1) {
      await timers.advance(1000);
      api.put({ ...otherHolder(), renewTime: new Date(Date.UTC(2026, 1, 14) + timers.nowMs()).toISOString() });
    }
    expect(e.leading).to.equal(false);
  });

  it('takes a released Lease (no holder) at once', async () => {
    api.put({ ...otherHolder(), holderIdentity: '', leaseDurationSeconds: 1 });
    const { elector: e } = elector(api, timers);
    e.start();
    await timers.advance(0);
    expect(e.leading).to.equal(true);
  });

  it('a 409 on create is a lost race: it follows and keeps trying', async () => {
    const { elector: e } = elector(api, timers);
    api.failures.push(new ConflictError('raced'));
    e.start();
    await timers.advance(0);
    expect(e.leading).to.equal(false);
    await timers.advance(500);
    expect(e.leading).to.equal(true);
  });

  it('loses leadership once renewing failed for the renew deadline, and stops trying', async () => {
    const { elector: e, log } = elector(api, timers);
    e.start();
    await timers.advance(0);
    api.failures.push(...Array.from({ length: 100 }, () => new TransientError('API down')));
    await timers.advance(1900);
    expect(e.leading).to.equal(true);
    await timers.advance(200);
    expect(e.leading).to.equal(false);
    expect(log).to.deep.equal(['leading=true', 'started', 'leading=false', 'stopped: lease not renewed for 2000 ms']);
    const calls = api.failures.length;
    await timers.advance(10_000);
    expect(api.failures.length).to.equal(calls);
  });

  it('a renewal that succeeds in time keeps leadership through failures', async () => {
    const { elector: e, log } = elector(api, timers);
    e.start();
    await timers.advance(0);
    api.failures.push(new TransientError('blip'), new TransientError('blip'));
    await timers.advance(5000);
    expect(e.leading).to.equal(true);
    expect(log).to.deep.equal(['leading=true', 'started']);
  });

  it('loses leadership at once when another holder took the Lease', async () => {
    const { elector: e, log } = elector(api, timers);
    e.start();
    await timers.advance(0);
    api.put(otherHolder());
    await timers.advance(500);
    expect(e.leading).to.equal(false);
    expect(log.at(-1)).to.equal('stopped: another replica holds the lease');
  });

  it('release() clears the holder so another replica can take over at once', async () => {
    const { elector: a } = elector(api, timers, 'pod-a');
    a.start();
    await timers.advance(0);
    await a.release();
    expect(a.leading).to.equal(false);
    expect(api.lease?.record).to.deep.include({ holderIdentity: '', leaseDurationSeconds: 1 });
    const { elector: b } = elector(api, timers, 'pod-b');
    b.start();
    await timers.advance(0);
    expect(b.leading).to.equal(true);
    expect(api.lease?.record.leaseTransitions).to.equal(1);
  });

  it('release() by a follower writes nothing', async () => {
    api.put(otherHolder());
    const { elector: e } = elector(api, timers);
    e.start();
    await timers.advance(1000);
    await e.release();
    expect(api.writes).to.deep.equal([]);
    expect(api.lease?.record.holderIdentity).to.equal('pod-z');
  });

  it('two replicas: exactly one leads while both run, and the other takes over after the leader stops', async () => {
    const a = elector(api, timers, 'pod-a');
    const b = elector(api, timers, 'pod-b');
    a.elector.start();
    b.elector.start();
    for (let i = 0; i < 40; i += 1) {
      await timers.advance(250);
      expect([a.elector.leading, b.elector.leading].filter(Boolean)).to.have.length(1);
    }
    const [leader, follower] = a.elector.leading ? [a, b] : [b, a];
    await leader.elector.release().catch(() => undefined);
    // A crashed leader (no release) would be taken over after the lease duration; a released one now.
    await timers.advance(600);
    expect(follower.elector.leading).to.equal(true);
  });

  it('refuses a renew deadline that is not shorter than the lease duration', () => {
    expect(() => elector(api, timers, 'pod-a', { renewDeadlineMs: 3000 })).to.throw(RangeError);
  });
});
