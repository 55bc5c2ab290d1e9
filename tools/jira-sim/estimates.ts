import { type WorkingTime, parseJiraDuration } from './jira-duration.ts';
import { JIRA_MESSAGES, worklogInvalid } from './jira-error.ts';

export type WorklogOperation = 'create' | 'update' | 'delete';

/** The estimate query parameters of a worklog write (`adjustEstimate`, `newEstimate`, `reduceBy`, `increaseBy`). */
export interface EstimateParams {
  adjustEstimate?: string;
  newEstimate?: string;
  reduceBy?: string;
  increaseBy?: string;
}

/** Turns the remaining estimate before the write into the one after; `timeDelta` is the change in time spent. */
export type EstimateChange = (remaining: number | null, timeDeltaSeconds: number) => number | null;

const MODES = ['auto', 'new', 'leave', 'manual'];

function amount(text: string | undefined, field: string, message: string, time: WorkingTime): number {
  const seconds = text === undefined || text === '' ? undefined : parseJiraDuration(text, time);
  if (text === undefined || text === '') throw worklogInvalid({ [field]: message });
  if (seconds === undefined) throw worklogInvalid({ [field]: JIRA_MESSAGES.adjustmentInvalid });
  return seconds;
}

function manualChange(op: WorklogOperation, params: EstimateParams, time: WorkingTime): EstimateChange {
  const text = op === 'create' ? params.reduceBy : params.increaseBy;
  const seconds = amount(text, 'adjustmentAmount', JIRA_MESSAGES.adjustmentMissing, time);
  const sign = op === 'create' ? -1 : 1;
  return (remaining) => (remaining === null ? null : Math.max(0, remaining + sign * seconds));
}

/**
 * Validates the estimate parameters before anything is written (Jira answers 400 without side effects) and
 * returns how the remaining estimate changes. `auto` follows the time spent and never goes below 0;
 * `manual` uses `reduceBy` on create and `increaseBy` on delete (on update it leaves the estimate).
 */
export function planEstimateChange(op: WorklogOperation, params: EstimateParams, time: WorkingTime): EstimateChange {
  const mode = (params.adjustEstimate ?? 'auto').toLowerCase();
  if (!MODES.includes(mode)) {
    throw worklogInvalid({ adjustEstimate: `Valid values for adjustEstimate are: ${MODES.join(', ')}.` });
  }
  if (mode === 'leave' || (mode === 'manual' && op === 'update')) return (remaining) => remaining;
  if (mode === 'new') {
    const seconds = params.newEstimate === undefined ? undefined : parseJiraDuration(params.newEstimate, time);
    if (seconds === undefined) throw worklogInvalid({ newEstimate: JIRA_MESSAGES.newEstimate });
    return () => seconds;
  }
  if (mode === 'manual') return manualChange(op, params, time);
  return (remaining, delta) => (remaining === null ? null : Math.max(0, remaining - delta));
}
