/**
 * Operator-mode metrics, in the controller's own registry (docs/metrics.md): whether this replica leads
 * (`tract_leader_election_master_status`, as controller-runtime's `leader_election_master_status`),
 * informer restarts by cause, and watch events by type.
 */
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { RestartReason } from '../kube/restarting-informer.ts';

const RESOURCE = 'tractrepos';

export class OperatorMetrics {
  readonly #leading: Gauge<'lease'>;
  readonly #restarts: Counter<'resource' | 'reason'>;
  readonly #watchEvents: Counter<'resource' | 'type'>;
  readonly #lease: string;

  constructor(registry: Registry, lease: string) {
    const registers = [registry];
    this.#lease = lease;
    this.#leading = new Gauge({ name: 'tract_leader_election_master_status', help: '1 while this replica holds the leader Lease, else 0.', labelNames: ['lease'], registers });
    this.#restarts = new Counter({
      name: 'tract_informer_restarts_total', help: 'Informer restarts (a full relist), by cause: error, watchdog, relist.', labelNames: ['resource', 'reason'], registers,
    });
    this.#watchEvents = new Counter({ name: 'tract_watch_events_total', help: 'TractRepo lists and watch events received.', labelNames: ['resource', 'type'], registers });
    this.#leading.set({ lease }, 0);
  }

  setLeading(leading: boolean): void {
    this.#leading.set({ lease: this.#lease }, leading ? 1 : 0);
  }

  /** `resource`: `tractrepos` (default) or `secrets` (the Secret watch). */
  countInformerRestart(reason: RestartReason, resource = RESOURCE): void {
    this.#restarts.inc({ resource, reason });
  }

  countWatchEvent(type: string): void {
    this.#watchEvents.inc({ resource: RESOURCE, type });
  }
}
