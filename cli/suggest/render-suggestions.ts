import { DateTime } from 'luxon';
import { formatDuration } from '../../shared/core/format-duration.ts';
import type { SuggestResult } from '../../shared/core/suggest-worklogs.ts';
import { boxTable, type Column } from '../output/box-table.ts';

export interface SuggestHeader {
  author: string;
  date: string;
  zone: string;
  repos: number;
  apply: boolean;
}

const SUBJECT_WIDTH = 48;

/** The table of `tract suggest`, what was left out, and how to log the suggestions. */
export function renderSuggestions(result: SuggestResult, header: SuggestHeader): string {
  const lines = [`Suggestions for ${header.author} · ${header.date} (${header.zone}), from ${header.repos} ${header.repos === 1 ? 'repository' : 'repositories'}`];
  if (result.suggestions.length === 0) lines.push('No commits of yours that day name an issue not logged yet.');
  else {
    const columns: Column[] = [{ header: 'Issue' }, { header: 'Time', align: 'right' }, { header: 'Start' }, { header: 'Commits', align: 'right' }, { header: 'First commit', maxWidth: SUBJECT_WIDTH }];
    const rows = result.suggestions.map((s) => [
      s.issue,
      formatDuration(s.seconds),
      DateTime.fromMillis(s.startMs, { zone: header.zone }).toFormat('HH:mm'),
      String(s.commits.length),
      `${s.commits[0]?.repo ?? ''}: ${s.commits[0]?.subject ?? ''}`,
    ]);
    lines.push(boxTable(columns, rows));
  }
  if (result.skipped.length > 0) lines.push(`Already logged that day, left out: ${result.skipped.join(', ')}`);
  if (result.unmatched.length > 0) lines.push(`Commits naming no issue: ${result.unmatched.length} (${result.unmatched.map((c) => `${c.repo}: ${c.subject}`).slice(0, 3).join('; ')})`);
  if (!header.apply && result.suggestions.length > 0) lines.push(`Log them: tract suggest --date ${header.date} --apply`);
  return lines.join('\n');
}
