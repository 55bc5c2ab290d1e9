/**
 * Records core/v1 Events on TractRepos (what `kubectl describe trepo` shows), aggregated as client-go's
 * recorder does: a repeat of the same type, reason and message bumps `count` and `lastTimestamp` on
 * the existing Event instead of creating another. Never blocks the reconcile: the API call runs in the
 * background, one at a time per series, and a failure is only logged. Every event also goes to the
 * in-memory `recent` recorder (the API and the status page read it; it also logs the event).
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { Clock } from '../../shared/core/clock.ts';
import { API_VERSION, KIND } from '../api/tract-repo.ts';
import type { TractRepo } from '../api/tract-repo.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { EventRecorder, EventType, RepoKey } from '../api/ports.ts';
import type { EventReason } from '../api/condition-reasons.ts';
import { splitKey } from '../api/ports.ts';
import { kubeStatusCode } from './classify-kube-error.ts';
import type { KubeClients } from './kube-clients.ts';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const COMPONENT = 'tract-controller';
/** The API server refuses longer Event messages. */
const MAX_MESSAGE_CHARS = 1024;

interface Series {
  name?: string;
  count: number;
  chain: Promise<void>;
}

export interface KubeEventRecorderOptions {
  clients: Pick<KubeClients, 'core'>;
  /** The TractRepo as last seen (for its uid). */
  lookup: (key: RepoKey) => TractRepo | undefined;
  clock: Clock;
  logger: Logger;
  /** This replica (the Event's reportingInstance). */
  instance: string;
  recent?: EventRecorder;
  /** Series remembered for aggregation; default 1000. */
  maxSeries?: number;
}

export class KubeEventRecorder implements EventRecorder {
  readonly #options: KubeEventRecorderOptions;
  readonly #series = new Map<string, Series>();
  #sequence = 0;

  constructor(options: KubeEventRecorderOptions) {
    this.#options = options;
  }

  record(key: RepoKey, type: EventType, reason: EventReason, message: string): void {
    this.#options.recent?.record(key, type, reason, message);
    const text = message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS - 3)}...` : message;
    const seriesKey = [key, type, reason, text].join('\u0000');
    const series = this.#series.get(seriesKey) ?? { count: 0, chain: Promise.resolve() };
    this.#series.delete(seriesKey);
    this.#series.set(seriesKey, series);
    this.#trim();
    series.chain = series.chain
      .then(() => this.#send(key, series, type, reason, text))
      .catch((err: unknown) => {
        this.#options.logger.warn('event not recorded', { repo: key, reason, error: err });
      });
  }

  /** Resolves when every Event call issued so far has finished (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.#series.values()].map((series) => series.chain));
  }

  async #send(key: RepoKey, series: Series, type: EventType, reason: string, message: string): Promise<void> {
    const { namespace } = splitKey(key);
    const now = this.#options.clock.now();
    if (series.name !== undefined) {
      try {
        await this.#options.clients.core.patchNamespacedEvent({ namespace, name: series.name, body: { count: series.count + 1, lastTimestamp: now } }, MERGE_PATCH);
        series.count += 1;
        return;
      } catch (err) {
        if (kubeStatusCode(err) !== 404) throw err;
      }
    }
    const name = this.#eventName(key, now);
    await this.#options.clients.core.createNamespacedEvent({ namespace, body: this.#event(key, name, type, reason, message, now) });
    series.name = name;
    series.count = 1;
  }

  #event(key: RepoKey, name: string, type: EventType, reason: string, message: string, now: Date): CoreV1Event {
    const { namespace, name: objectName } = splitKey(key);
    const repo = this.#options.lookup(key);
    return {
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: API_VERSION, kind: KIND, namespace, name: objectName,
        ...(repo?.metadata.uid ? { uid: repo.metadata.uid } : {}),
        ...(repo?.metadata.resourceVersion ? { resourceVersion: repo.metadata.resourceVersion } : {}),
      },
      type, reason, message, count: 1, firstTimestamp: now, lastTimestamp: now,
      source: { component: COMPONENT, host: this.#options.instance },
      reportingComponent: `tract.dev/${COMPONENT}`,
      reportingInstance: this.#options.instance,
    };
  }

  /** `<object>.<hex nanoseconds>`, as client-go names Events. */
  #eventName(key: RepoKey, now: Date): string {
    this.#sequence = (this.#sequence + 1) % 1_000_000;
    return `${splitKey(key).name}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(this.#sequence)).toString(16)}`;
  }

  #trim(): void {
    const max = this.#options.maxSeries ?? 1000;
    for (const oldest of this.#series.keys()) {
      if (this.#series.size <= max) break;
      this.#series.delete(oldest);
    }
  }
}
