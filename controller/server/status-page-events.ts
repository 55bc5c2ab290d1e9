/**
 * The status page's event list, bounded and de-duplicated: events that repeat (same repo, type, reason
 * and message — a retried failure, a webhook refused again and again) become one row with their count
 * and latest time; the newest `limit` rows are shown.
 */
import type { RecordedEvent } from '../api/ports.ts';

/** Rows on the status page: about one screen. */
export const STATUS_PAGE_EVENT_ROWS = 15;

export interface EventRow extends RecordedEvent {
  /** How many times it happened (in the recorder's memory). */
  count: number;
}

export interface RecentEvents {
  rows: EventRow[];
  /** Distinct events beyond the rows shown. */
  hidden: number;
}

/** `events` newest last, as recorders keep them; rows newest first. */
export function recentEvents(events: readonly RecordedEvent[], limit = STATUS_PAGE_EVENT_ROWS): RecentEvents {
  const byIdentity = new Map<string, EventRow>();
  for (const event of events) {
    const identity = JSON.stringify([event.key, event.type, event.reason, event.message]);
    const seen = byIdentity.get(identity);
    // Re-inserted, so the map's order is by each event's latest occurrence.
    byIdentity.delete(identity);
    byIdentity.set(identity, { ...event, count: (seen?.count ?? 0) + 1 });
  }
  const rows = [...byIdentity.values()].reverse();
  return { rows: rows.slice(0, limit), hidden: Math.max(0, rows.length - limit) };
}
