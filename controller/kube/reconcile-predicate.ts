/**
 * Which TractRepo changes start a reconcile — Flux's `Or(GenerationChanged, ReconcileRequested)`
 * (docs/operator.md, "TractRepos: informer, predicates, relists") plus deletion: a new object; a new `metadata.generation` (the spec changed); a new
 * `tract.dev/requested-at` value; `deletionTimestamp` set (so the finalizer runs). Status-only and
 * other metadata-only updates (the controller's own status and finalizer writes among them) do not.
 */
import { REQUESTED_AT_ANNOTATION } from '../api/tract-repo.ts';
import type { TractRepo } from '../api/tract-repo.ts';

export function needsReconcile(before: TractRepo | undefined, after: TractRepo): boolean {
  if (before === undefined) return true;
  if ((before.metadata.generation ?? 0) !== (after.metadata.generation ?? 0)) return true;
  const requested = after.metadata.annotations?.[REQUESTED_AT_ANNOTATION];
  if (requested !== undefined && requested !== before.metadata.annotations?.[REQUESTED_AT_ANNOTATION]) return true;
  return after.metadata.deletionTimestamp !== undefined && after.metadata.deletionTimestamp !== before.metadata.deletionTimestamp;
}
