/**
 * One key of a Secret's data. Exact match first; then a match ignoring case and separators, because
 * environment variable names (`TRACT_SECRET_JIRA_APITOKEN`) cannot keep a key's case (`apiToken`).
 */
export function secretValue(data: Readonly<Record<string, string>>, key: string): string | undefined {
  if (data[key] !== undefined) return data[key];
  const wanted = normalizeSecretKey(key);
  for (const [candidate, value] of Object.entries(data)) if (normalizeSecretKey(candidate) === wanted) return value;
  return undefined;
}

export function normalizeSecretKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}
