/**
 * Standalone events: the last `capacity` events in memory (newest last), for the API and the status
 * page, and each one logged (Warning as warn). The operator mode records core Events instead.
 */
import type { Clock } from '../../shared/core/clock.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { EventRecorder, EventType, RecordedEvent, RepoKey } from '../api/ports.ts';
import type { EventReason } from '../api/condition-reasons.ts';

export class RingEventRecorder implements EventRecorder {
  readonly #capacity: number;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #events: RecordedEvent[] = [];

  constructor(options: { clock: Clock; capacity?: number; logger?: Logger }) {
    this.#clock = options.clock;
    this.#capacity = options.capacity ?? 500;
    this.#logger = options.logger;
  }

  record(key: RepoKey, type: EventType, reason: EventReason, message: string): void {
    this.#events.push({ key, type, reason, message, time: this.#clock.now().toISOString() });
    if (this.#events.length > this.#capacity) this.#events.splice(0, this.#events.length - this.#capacity);
    const meta = { repo: key, reason, detail: message };
    if (type === 'Warning') this.#logger?.warn('event', meta);
    else this.#logger?.info('event', meta);
  }

  /** Newest last; only `key`'s when given. */
  list(key?: RepoKey): RecordedEvent[] {
    return key === undefined ? [...this.#events] : this.#events.filter((event) => event.key === key);
  }
}
