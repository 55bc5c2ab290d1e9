/**
 * `GET /`: the status page, rendered on the server — every TractRepo with its Ready state, pending and
 * failed records with their errors, sync lag, last sync, recent events. Plain HTML and CSS; a small
 * inline script swaps in the `<main>` that the server pushes over server-sent events (`GET /events`,
 * status-page-router.ts) and keeps the "… ago" times current. Without JavaScript it is a static page.
 */
import type { RecordedEvent } from '../api/ports.ts';
import type { QueueView, RecordErrorView } from '../read-model/record-index.ts';
import type { RepoSummary } from './api-types.ts';
import { recentEvents } from './status-page-events.ts';
import type { EventRow } from './status-page-events.ts';
import type { LagSummary } from './status-page-lag.ts';

export interface RepoRecords {
  queue: readonly QueueView[];
  errors: readonly RecordErrorView[];
}

export interface StatusPageExtras {
  /** Per `namespace/name`: queue entries and failed records. */
  records?: ReadonlyMap<string, RepoRecords>;
  lag?: readonly LagSummary[];
  /** Per repo and direction. */
  repoLag?: readonly LagSummary[];
}

export function renderStatusPage(repos: readonly RepoSummary[], events: readonly RecordedEvent[], version: string, extras: StatusPageExtras = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tract controller</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem 2rem;color:#222}header{display:flex;align-items:baseline;gap:1rem}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{border-bottom:1px solid #ddd;padding:.35rem .6rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#f4f4f4}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#11772d;font-weight:600}.bad{color:#b00020;font-weight:600}.wait{color:#8a6d00;font-weight:600}
.live{font-size:.8rem;padding:.1rem .5rem;border-radius:1rem;background:#eee}.live.on{background:#d9f2df;color:#11772d}.live.off{background:#fbe3e6;color:#b00020}
.summary span{margin-right:1.5rem}code{font-size:.85rem}footer{color:#777;font-size:.8rem}h3{margin:.5rem 0}
</style></head><body>
<header><h1>Tract controller</h1><span id="live" class="live">static</span></header>
<main id="status">${renderStatusBody(repos, events, extras)}</main>
<footer>tract-controller ${esc(version)} · <a href="api/v1/repos">API</a> · <a href="metrics">metrics</a> · <a href="health">health</a></footer>
<script>${LIVE_SCRIPT}</script>
</body></html>
`;
}

/** The part of the page that changes: what `GET /events` sends. */
export function renderStatusBody(repos: readonly RepoSummary[], events: readonly RecordedEvent[], extras: StatusPageExtras = {}): string {
  const ready = repos.filter((r) => r.ready === 'True').length;
  const pending = repos.reduce((sum, r) => sum + r.pending, 0);
  const failed = repos.reduce((sum, r) => sum + r.failed, 0);
  return `<p class="summary"><span>TractRepos: <b data-total="repos">${repos.length}</b></span><span>Ready: <b data-total="ready">${ready}</b></span>`
    + `<span>Pending: <b data-total="pending">${pending}</b></span><span>Failed: <b data-total="failed" class="${failed > 0 ? 'bad' : ''}">${failed}</b></span></p>
<h2>TractRepos</h2>
<table><thead><tr><th>Repo</th><th>Ready</th><th>Reason</th><th>Message</th><th>Pending</th><th>Failed</th><th>Last sync</th><th>Commit</th><th>Git</th><th>Jira</th></tr></thead>
<tbody>${repos.map(repoRow).join('\n') || '<tr><td colspan="10">No TractRepos yet.</td></tr>'}</tbody></table>
<h2>Sync lag</h2>
${lagTable(extras.lag ?? [])}
${repoLagTable(repos, extras.repoLag ?? [])}
${recordSections(repos, extras.records)}
<h2>Recent events</h2>
${eventTable(events)}`;
}

function repoRow(r: RepoSummary): string {
  const key = `${r.namespace}/${r.name}`;
  const state = r.ready === 'True' ? 'ok' : r.ready === 'False' ? 'bad' : 'wait';
  return `<tr data-repo="${esc(key)}"><td>${esc(key)}${r.suspended ? ' <em>(suspended)</em>' : ''}</td><td class="${state}" data-field="ready">${esc(r.ready)}</td>`
    + `<td>${esc(r.reason)}</td><td>${esc(r.message)}</td><td class="n" data-field="pending">${r.pending}</td><td class="n${r.failed > 0 ? ' bad' : ''}" data-field="failed">${r.failed}</td>`
    + `<td>${timeCell(r.lastSyncTime)}</td><td><code>${esc((r.lastSyncedCommit ?? '').slice(0, 7) || '—')}</code></td><td>${esc(r.gitUrl)} (${esc(r.branch)})</td><td>${esc(r.jiraUrl)}</td></tr>`;
}

const DIRECTIONS = [['to_jira', 'git → Jira'], ['from_jira', 'Jira → git']] as const;

/** Both directions, always: a direction with no change yet says so. */
function lagTable(lag: readonly LagSummary[]): string {
  const rows = DIRECTIONS.map(([direction, name]) => {
    const l = lag.find((entry) => entry.direction === direction);
    const cells = l ? `<td class="n">${l.count}</td><td class="n">${formatSeconds(l.p50Seconds)}</td><td class="n">${formatSeconds(l.p90Seconds)}</td><td class="n">${formatSeconds(l.p99Seconds)}</td>` : '<td class="n">0</td><td colspan="3">no change synced yet</td>';
    return `<tr data-lag="${direction}"><td>${name}</td>${cells}</tr>`;
  });
  return `<table><thead><tr><th>Direction</th><th class="n">Changes</th><th class="n">p50</th><th class="n">p90</th><th class="n">p99</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/** Per repo: p50 / p90 and the count of changes, each direction. */
function repoLagTable(repos: readonly RepoSummary[], lag: readonly LagSummary[]): string {
  if (repos.length === 0) return '';
  const cell = (repo: string, direction: string): string => {
    const l = lag.find((entry) => entry.repo === repo && entry.direction === direction);
    return l ? `<td class="n" data-lag-direction="${direction}">${formatSeconds(l.p50Seconds)} / ${formatSeconds(l.p90Seconds)} (${l.count})</td>` : `<td class="n" data-lag-direction="${direction}">—</td>`;
  };
  const rows = repos.map((r) => {
    const key = `${r.namespace}/${r.name}`;
    return `<tr data-repo-lag="${esc(key)}"><td>${esc(key)}</td>${DIRECTIONS.map(([direction]) => cell(key, direction)).join('')}</tr>`;
  });
  return `<table><thead><tr><th>Repo</th>${DIRECTIONS.map(([, name]) => `<th class="n">${name}: p50 / p90 (changes)</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function recordSections(repos: readonly RepoSummary[], records: ReadonlyMap<string, RepoRecords> | undefined): string {
  return repos.map((r) => {
    const key = `${r.namespace}/${r.name}`;
    const entry = records?.get(key);
    if (!entry || (entry.errors.length === 0 && entry.queue.length === 0)) return '';
    const errors = entry.errors.map((e) => `<tr data-worklog="${esc(e.worklogId)}"><td><code>${esc(e.worklogId)}</code></td><td>${issueLink(r.jiraUrl, e.issue)}</td><td>${esc(e.file)}</td>`
      + `<td class="bad">${esc(e.reason)}</td><td>${esc(e.message)}</td><td>${timeCell(e.since)}</td></tr>`);
    const queue = entry.queue.map((q) => `<tr><td><code>${esc(q.worklogId)}</code></td><td>${esc(q.file)}</td><td>${esc(q.state)}</td><td>${esc(q.error?.message ?? q.reason)}</td><td>${timeCell(q.queuedAt)}</td></tr>`);
    return `<section data-records="${esc(key)}"><h3>${esc(key)}: failed and queued records</h3>`
      + (errors.length ? `<table><thead><tr><th>Worklog</th><th>Issue</th><th>File</th><th>Reason</th><th>Error</th><th>Since</th></tr></thead><tbody>${errors.join('\n')}</tbody></table>` : '')
      + (queue.length ? `<table><thead><tr><th>Queued worklog</th><th>File</th><th>State</th><th>Why / error</th><th>Queued</th></tr></thead><tbody>${queue.join('\n')}</tbody></table>` : '')
      + '</section>';
  }).join('\n');
}

/** The issue key, linked to the issue on the repo's Jira site. */
function issueLink(jiraUrl: string, issue: string): string {
  if (!/^[A-Z][A-Z0-9_]*-[0-9]+$/.test(issue)) return esc(issue);
  return `<a href="${esc(`${jiraUrl.replace(/\/+$/, '')}/browse/${issue}`)}" rel="noreferrer">${esc(issue)}</a>`;
}

function eventTable(events: readonly RecordedEvent[]): string {
  const { rows, hidden } = recentEvents(events);
  const body = rows.map(eventRow).join('\n') || '<tr><td colspan="6">No events yet.</td></tr>';
  const more = hidden > 0 ? `<p class="more" data-hidden-events="${hidden}">${hidden} older distinct event${hidden === 1 ? '' : 's'} not shown (the API has them: <a href="api/v1/events">/api/v1/events</a>).</p>` : '';
  return `<table data-events><thead><tr><th>Last seen</th><th>Repo</th><th>Type</th><th>Reason</th><th>Message</th><th class="n">Times</th></tr></thead><tbody>${body}</tbody></table>${more}`;
}

function eventRow(e: EventRow): string {
  return `<tr data-event><td>${timeCell(e.time)}</td><td>${esc(e.key)}</td><td class="${e.type === 'Warning' ? 'bad' : ''}">${esc(e.type)}</td><td>${esc(e.reason)}</td><td>${esc(e.message)}</td>`
    + `<td class="n" data-field="count">${e.count > 1 ? `×${e.count}` : ''}</td></tr>`;
}

function timeCell(iso: string | null): string {
  return iso ? `<time datetime="${esc(iso)}" title="${esc(iso)}">${esc(iso)}</time>` : '—';
}

export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.round((seconds % 3600) / 60)}m`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Live updates: swap in the pushed <main>; show times as "… ago". Relative URL, so a path prefix works. */
const LIVE_SCRIPT = `(function(){
var live=document.getElementById('live'),main=document.getElementById('status');
function ago(){var now=Date.now();document.querySelectorAll('time[datetime]').forEach(function(t){var s=Math.max(0,Math.round((now-Date.parse(t.getAttribute('datetime')))/1000));
t.textContent=s<60?s+'s ago':s<3600?Math.floor(s/60)+'m '+(s%60)+'s ago':Math.floor(s/3600)+'h '+Math.floor(s%3600/60)+'m ago';});}
ago();setInterval(ago,1000);
if(!window.EventSource)return;
var es=new EventSource('events');
es.addEventListener('status',function(e){main.innerHTML=e.data;ago();live.textContent='live';live.className='live on';});
es.onerror=function(){live.textContent='reconnecting';live.className='live off';};
})();`;
