import type { JiraSpec } from './tract-repo.ts';

/**
 * `spec.jira.hoursPerDay` as a number. The CRD takes an integer or a decimal string ("7.5"), because
 * Kubernetes API conventions avoid floats; the API server has already checked the range 1–24.
 */
export function hoursPerDayOf(jira: Pick<JiraSpec, 'hoursPerDay'>): number {
  return typeof jira.hoursPerDay === 'number' ? jira.hoursPerDay : Number(jira.hoursPerDay);
}
