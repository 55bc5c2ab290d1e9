import type { Clock } from '../../shared/core/clock.ts';
import type { Condition, ConditionStatus } from './tract-repo.ts';

/** What the caller decides about a condition; `lastTransitionTime` is the helper's business. */
export interface ConditionUpdate {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  /** The metadata.generation this condition was computed from. */
  observedGeneration?: number;
}

/**
 * Returns `conditions` with `update` applied (a new array; the input is not changed). The entry of the
 * same type is replaced in place, or appended. `lastTransitionTime` is kept unless the status flips
 * (Kubernetes API conventions), so a reason or message change alone does not look like a transition.
 */
export function setCondition(conditions: readonly Condition[] | undefined, update: ConditionUpdate, clock: Clock): Condition[] {
  const list = conditions ?? [];
  const existing = list.find((c) => c.type === update.type);
  const lastTransitionTime =
    existing !== undefined && existing.status === update.status ? existing.lastTransitionTime : formatConditionTime(clock.now());
  const next: Condition = {
    type: update.type,
    status: update.status,
    ...(update.observedGeneration === undefined ? {} : { observedGeneration: update.observedGeneration }),
    lastTransitionTime,
    reason: update.reason,
    message: update.message,
  };
  if (existing === undefined) return [...list, next];
  return list.map((c) => (c === existing ? next : c));
}

/** Returns `conditions` without the entry of `type` (for conditions present only while True). */
export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/** The condition of `type`, if present. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** metav1.Time: RFC 3339 in UTC with whole seconds, as the API server serialises it. */
export function formatConditionTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
