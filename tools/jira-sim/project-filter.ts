/**
 * The part of a webhook's JQL filter the simulator understands: `project = KEY` and `project in (A, B)`,
 * case-insensitive. Anything else (or an empty filter) matches every issue. Real Jira may not apply JQL to
 * worklog events at all (docs/jira-api.md, "Webhooks"), so receivers should filter by project themselves.
 */
export function projectFilter(jql: string): (projectKey: string) => boolean {
  const equals = /^\s*project\s*=\s*"?([A-Za-z][A-Za-z0-9_]*)"?\s*$/i.exec(jql);
  if (equals?.[1] !== undefined) {
    const key = equals[1].toUpperCase();
    return (projectKey) => projectKey === key;
  }
  const inList = /^\s*project\s+in\s*\(([^)]*)\)\s*$/i.exec(jql);
  if (inList?.[1] !== undefined) {
    const keys = new Set(inList[1].split(',').map((k) => k.trim().replace(/"/g, '').toUpperCase()));
    return (projectKey) => keys.has(projectKey);
  }
  return () => true;
}
