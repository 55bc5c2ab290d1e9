/**
 * Which Jira site a worklog belongs to. Worklog events carry no site field, only `worklog.self`
 * (`https://example.atlassian.net/rest/api/2/issue/12463/worklog/10320`, docs/jira-api.md "Webhooks"); the site is
 * everything before `/rest/`, so a Data Center context path (`https://host/jira`) is kept.
 */

/** `https://Example.atlassian.net/` → `https://example.atlassian.net`; undefined when not an http(s) URL. */
export function normalizeJiraSite(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/** The site of a REST resource URL such as a worklog's `self`. */
export function siteOfResource(self: string): string | undefined {
  const at = self.indexOf('/rest/');
  return at === -1 ? undefined : normalizeJiraSite(self.slice(0, at));
}
