/**
 * A developer's push of queued worklogs (as `tract log` leaves them when the sync server is unreachable):
 * the records appended to the February file and one queue entry each, in one commit.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWorklogRecord } from '../../shared/core/encode-worklog-record.ts';
import { encodeQueueEntry, nextQueueFileName, QUEUE_DIR } from '../../shared/core/queue-entry.ts';
import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import { FEBRUARY } from './fault-assertions.ts';
import { git, writeRepoFile } from './git-fixtures.ts';

export async function pushQueued(dev: string, records: readonly WorklogRecord[]): Promise<void> {
  await git(dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
  const file = join(dev, FEBRUARY);
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeRepoFile(dev, FEBRUARY, existing + records.map((r) => `${encodeWorklogRecord(r)}\n`).join(''));
  const names = existsSync(join(dev, QUEUE_DIR)) ? readdirSync(join(dev, QUEUE_DIR)) : [];
  for (const record of records) {
    const name = nextQueueFileName(names, '2026-02-14');
    names.push(name);
    writeRepoFile(dev, `${QUEUE_DIR}/${name}`, encodeQueueEntry({ version: 1, worklogId: record.id, file: FEBRUARY, queuedAt: '2026-02-14T10:00:00.000+01:00', reason: 'sync server unreachable' }));
  }
  await git(dev, ['add', '--all']);
  await git(dev, ['commit', '--quiet', '-m', `[tract] Log ${records.length} worklogs`]);
  await git(dev, ['push', '--quiet', 'origin', 'main']);
}
