import type { StatusReport } from './status-report.ts';

/** The text form of `tract status`. */
export function renderStatus(report: StatusReport): string {
  const { counts } = report;
  const failed = counts.failed === null ? 'failed unknown (server not reachable)' : `${counts.failed} failed`;
  return [
    `Worklogs: ${counts.synced} synced · ${counts.pending} pending · ${counts.queued} queued · ${failed}`,
    `Sync server: ${serverLine(report.server)}`,
    ...unpushedLines(report.unpushedCommits),
    ...section('Queued:', report.queue.map((q) => `  ${q.file}  ${q.issue ?? '?'}  ${q.worklogId}  queued ${q.queuedAt}  ${queueState(q)}`)),
    ...section('Failed:', report.failed.map(failedLine)),
    ...section('Missing from git (not deleted in Jira):', report.missing.map((m) => `  ⚠️ ${m.message}`)),
    ...section('Duplicates in Jira:', report.jiraDuplicates.map((d) => `  ⚠️ ${d.message} (${d.action === 'discarded' ? 'discarded in Jira' : 'left in Jira'})`)),
    ...section(
      `Problems: ${plural(report.malformed, 'malformed line')}, ${plural(report.duplicates, 'duplicate')}`,
      report.problems.map((p) => `  ⚠️ ${p.file}:${p.line}: ${p.message}`),
    ),
    ...staleCopies(report.staleCopies),
  ].join('\n');
}

/** `✗ <id> <issue>: <message> (<reason>, next retry <time>)` — the retry is the controller's own. */
function failedLine(f: StatusReport['failed'][number]): string {
  const retry = f.nextRetryAt ? `, next retry ${f.nextRetryAt}` : '';
  return `  ✗ ${f.worklogId} ${f.issue}: ${f.message} (${f.reason}${retry})`;
}

function staleCopies(count: number): string[] {
  return count === 0 ? [] : [`Stale copies: ${plural(count, 'older line', 'older lines')} of records that stand more than once (resolved by their latest version; Tract's next write of the file removes them)`];
}

function unpushedLines(count: number | null): string[] {
  return count !== null && count > 0 ? [`Not pushed: ${plural(count, 'commit')} (run \`tract push\`)`] : [];
}

function section(title: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : [title, ...lines];
}

function queueState(q: StatusReport['queue'][number]): string {
  return q.error !== null ? `✗ ${q.error}` : (q.state ?? q.reason);
}

function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

function serverLine(server: StatusReport['server']): string {
  if (server.state === 'disabled') return `disabled (${server.detail ?? ''})`;
  if (server.state === 'unreachable') return `${server.url ?? ''} unreachable (${server.detail ?? ''})`;
  const repo = server.repo === null ? `; ${server.detail ?? ''}` : `, repo ${server.repo}`;
  return `${server.url ?? ''} reachable (version ${server.version ?? '?'}${repo})`;
}
