/**
 * `GET /`: a plain status page, rendered on the server — one row per TractRepo and the recent events.
 * It refreshes itself every 5 s (live updates over server-sent events are a later addition).
 */
import type { RecordedEvent } from '../reconcile/ports.ts';
import type { RepoSummary } from './api-types.ts';

export function renderStatusPage(repos: readonly RepoSummary[], events: readonly RecordedEvent[], version: string): string {
  const rows = repos.map((r) => `<tr class="${r.ready === 'True' ? 'ok' : r.ready === 'False' ? 'bad' : 'wait'}">
<td>${esc(r.namespace)}/${esc(r.name)}</td><td>${esc(r.ready)}</td><td>${esc(r.reason)}</td><td>${esc(r.message)}</td>
<td class="n">${r.pending}</td><td class="n">${r.failed}</td><td>${esc(r.lastSyncTime ?? '—')}</td><td><code>${esc((r.lastSyncedCommit ?? '').slice(0, 7) || '—')}</code></td>
<td>${esc(r.gitUrl)} (${esc(r.branch)})</td><td>${esc(r.jiraUrl)}</td></tr>`);
  const recent = [...events].reverse().slice(0, 50).map((e) => `<tr class="${e.type === 'Warning' ? 'bad' : ''}">
<td>${esc(e.time)}</td><td>${esc(e.key)}</td><td>${esc(e.type)}</td><td>${esc(e.reason)}</td><td>${esc(e.message)}</td></tr>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Tract controller</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:2rem}
th,td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top;font-size:.9rem}th{background:#f4f4f4}
td.n{text-align:right}tr.ok td:nth-child(2){color:#11772d;font-weight:600}tr.bad td:nth-child(2),tr.bad td:nth-child(3){color:#b00020;font-weight:600}
tr.wait td:nth-child(2){color:#8a6d00}code{font-size:.85rem}footer{color:#777;font-size:.8rem}
</style></head><body>
<h1>Tract controller</h1>
<h2>TractRepos (${repos.length})</h2>
<table><thead><tr><th>Repo</th><th>Ready</th><th>Reason</th><th>Message</th><th>Pending</th><th>Failed</th><th>Last sync</th><th>Commit</th><th>Git</th><th>Jira</th></tr></thead>
<tbody>${rows.join('\n') || '<tr><td colspan="10">No TractRepos yet.</td></tr>'}</tbody></table>
<h2>Recent events</h2>
<table><thead><tr><th>Time</th><th>Repo</th><th>Type</th><th>Reason</th><th>Message</th></tr></thead>
<tbody>${recent.join('\n') || '<tr><td colspan="5">No events yet.</td></tr>'}</tbody></table>
<footer>tract-controller ${esc(version)} · <a href="/api/v1/repos">API</a> · <a href="/metrics">metrics</a> · <a href="/health">health</a></footer>
</body></html>
`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
