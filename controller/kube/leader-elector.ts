/**
 * Leader election on a `coordination.k8s.io/v1` Lease, modelled on client-go's leaderelection
 * (docs/operator.md): acquire when the Lease is absent, released (no holder) or expired — judged by *local*
 * time since this replica last saw the record change, never by the holder's `renewTime` (clocks
 * drift); write with the resourceVersion read (409 = someone else won); renew every `retryPeriodMs`;
 * leadership is lost when renewing has not succeeded for `renewDeadlineMs` or another holder shows
 * up. `release()` (SIGTERM) clears the holder so a standby takes over at once.
 */
import type { Clock } from '../../shared/core/clock.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { TimerHandle, Timers } from '../workqueue/timers.ts';
import type { LeaseApi, LeaseRecord, StoredLease } from './kube-lease-api.ts';

export interface LeaderElectionTiming {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

export interface LeaderElectorOptions extends LeaderElectionTiming {
  identity: string;
  /** Where this replica takes webhooks and API calls once it leads; written into the Lease. */
  address?: () => string | undefined;
  api: LeaseApi;
  timers: Timers;
  clock: Clock;
  logger: Logger;
  /** This replica became the leader: start the work. */
  onStartedLeading: () => void;
  /** Leadership was lost (not released): stop all work at once. */
  onStoppedLeading: (reason: string) => void;
  /** Every change of `leading` (the leadership gauge). */
  onLeadingChange?: (leading: boolean) => void;
  /** 0 ≤ x < 1; jitters acquire attempts by up to +20 % (client-go's JitterFactor 1.2). */
  random?: () => number;
}

type Attempt = 'acquired' | 'held-by-other' | 'failed';

export class LeaderElector {
  readonly #options: LeaderElectorOptions;
  #leading = false;
  #stopped = true;
  #observed: { record: string; atMs: number } | undefined;
  #holder: LeaseRecord | undefined;
  #lastRenewMs = 0;
  #tickTimer: TimerHandle | undefined;
  #deadlineTimer: TimerHandle | undefined;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(options: LeaderElectorOptions) {
    if (options.renewDeadlineMs >= options.leaseDurationMs) throw new RangeError('renewDeadlineMs must be shorter than leaseDurationMs');
    this.#options = options;
  }

  get leading(): boolean {
    return this.#leading;
  }

  /** The address of the other replica that holds the Lease, as last read (standbys forward to it). */
  get leaderAddress(): string | undefined {
    const holder = this.#holder;
    if (this.#leading || !holder || holder.holderIdentity === '' || holder.holderIdentity === this.#options.identity) return undefined;
    return holder.holderAddress;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops trying; when leading, gives the Lease up (holder cleared) so another replica takes it now. */
  async release(): Promise<void> {
    const wasLeading = this.#leading;
    this.#halt();
    await this.#inFlight;
    this.#setLeading(false);
    if (!wasLeading) return;
    try {
      const current = await this.#options.api.fetchLease();
      if (current?.record.holderIdentity !== this.#options.identity) return;
      const now = this.#options.clock.now().toISOString();
      await this.#options.api.replaceLease({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: current.record.leaseTransitions, acquireTime: now, renewTime: now }, current.resourceVersion);
      this.#options.logger.info('leadership released', { identity: this.#options.identity });
    } catch (err) {
      this.#options.logger.warn('lease not released: a standby takes over when it expires', { error: err });
    }
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#tickTimer = this.#options.timers.setTimeout(() => {
      this.#tickTimer = undefined;
      this.#inFlight = this.#tick();
    }, delayMs);
  }

  async #tick(): Promise<void> {
    const attempt = await this.#tryAcquireOrRenew();
    if (this.#stopped) return;
    const { retryPeriodMs } = this.#options;
    if (attempt === 'acquired') {
      this.#renewed();
      if (!this.#leading) {
        this.#setLeading(true);
        this.#options.logger.info('leadership acquired', { identity: this.#options.identity });
        this.#options.onStartedLeading();
      }
      this.#schedule(retryPeriodMs);
      return;
    }
    if (this.#leading && attempt === 'held-by-other') {
      this.#lose('another replica holds the lease');
      return;
    }
    this.#schedule(this.#leading ? retryPeriodMs : retryPeriodMs * (1 + 0.2 * (this.#options.random ?? Math.random)()));
  }

  async #tryAcquireOrRenew(): Promise<Attempt> {
    const { api, identity, timers } = this.#options;
    try {
      const current = await api.fetchLease();
      const next = this.#nextRecord(current);
      if (next === undefined) return 'held-by-other';
      const written = current === undefined ? await api.createLease(next) : await api.replaceLease(next, current.resourceVersion);
      this.#observe(written.record, timers.nowMs());
      return 'acquired';
    } catch (err) {
      this.#options.logger.debug('lease not acquired or renewed', { identity, error: err });
      return 'failed';
    }
  }

  /** The record to write, or undefined while another replica's lease is valid. */
  #nextRecord(current: StoredLease | undefined): LeaseRecord | undefined {
    const { identity, clock, timers, leaseDurationMs } = this.#options;
    const now = clock.now().toISOString();
    const leaseDurationSeconds = Math.max(1, Math.ceil(leaseDurationMs / 1000));
    const holderAddress = this.#holderAddress();
    if (current === undefined) return { holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0, ...holderAddress };
    const { record } = current;
    this.#observe(record, timers.nowMs());
    const holder = record.holderIdentity;
    const durationMs = (record.leaseDurationSeconds > 0 ? record.leaseDurationSeconds * 1000 : leaseDurationMs);
    const expired = this.#observed !== undefined && timers.nowMs() >= this.#observed.atMs + durationMs;
    if (holder !== '' && holder !== identity && !expired) return undefined;
    const mine = holder === identity;
    return {
      holderIdentity: identity,
      leaseDurationSeconds,
      ...(mine && record.acquireTime ? { acquireTime: record.acquireTime } : { acquireTime: now }),
      renewTime: now,
      leaseTransitions: mine ? record.leaseTransitions : record.leaseTransitions + 1,
      ...holderAddress,
    };
  }

  #holderAddress(): { holderAddress?: string } {
    const address = this.#options.address?.();
    return address ? { holderAddress: address } : {};
  }

  /** Remembers when this replica last saw the record change (local time). */
  #observe(record: LeaseRecord, nowMs: number): void {
    this.#holder = record;
    const text = JSON.stringify(record);
    if (this.#observed?.record !== text) this.#observed = { record: text, atMs: nowMs };
  }

  #renewed(): void {
    this.#lastRenewMs = this.#options.timers.nowMs();
    this.#armDeadline();
  }

  /** Loses leadership `renewDeadlineMs` after the last renewal (re-armed if a timer fires early). */
  #armDeadline(): void {
    const { timers, renewDeadlineMs } = this.#options;
    if (this.#deadlineTimer) timers.clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = timers.setTimeout(() => {
      this.#deadlineTimer = undefined;
      if (!this.#leading || this.#stopped) return;
      if (timers.nowMs() - this.#lastRenewMs >= renewDeadlineMs) this.#lose(`lease not renewed for ${renewDeadlineMs} ms`);
      else this.#armDeadline();
    }, this.#lastRenewMs + renewDeadlineMs - timers.nowMs());
  }

  #lose(reason: string): void {
    this.#halt();
    this.#setLeading(false);
    this.#options.logger.error('leadership lost', { identity: this.#options.identity, reason });
    this.#options.onStoppedLeading(reason);
  }

  #halt(): void {
    this.#stopped = true;
    const { timers } = this.#options;
    if (this.#tickTimer) timers.clearTimeout(this.#tickTimer);
    if (this.#deadlineTimer) timers.clearTimeout(this.#deadlineTimer);
    this.#tickTimer = undefined;
    this.#deadlineTimer = undefined;
  }

  #setLeading(leading: boolean): void {
    if (this.#leading === leading) return;
    this.#leading = leading;
    this.#options.onLeadingChange?.(leading);
  }
}
