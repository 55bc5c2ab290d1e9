/**
 * The write-back commit after Tract → Jira (docs/git.md): `[tract-sync] Link N worklogs to Jira` adds the
 * `jira` links and deletes processed queue files. A rejected push is never forced: the edits are re-done
 * on the new tip and pushed again.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DurationUnits } from '../../shared/core/parse-duration.ts';
import { planWorklogWrites } from '../../shared/core/write-worklog-files.ts';
import { CONTROLLER_PUSH_ATTEMPTS } from '../../shared/git/push-with-retry.ts';
import type { WorklogRecord, JiraLink } from '../../shared/core/worklog-record.ts';
import type { GitIdentity, GitRepository } from '../../shared/git/git-repository.ts';
import { readRepoSnapshot } from '../read-model/read-repo-snapshot.ts';
import type { RepoSnapshot } from '../read-model/read-repo-snapshot.ts';

export interface WriteBackInput {
  git: GitRepository;
  remote: string;
  branch: string;
  worklogDir: string;
  units: DurationUnits;
  commitAuthor: GitIdentity;
  /** The links Jira has, by record id. */
  links: ReadonlyMap<string, JiraLink>;
  /** Whether the queue entry of this record is done (synced, or its record is gone). */
  dequeue(worklogId: string, snapshot: RepoSnapshot): boolean;
}

export interface WriteBackResult {
  commit?: string;
  linked: number;
  dequeued: number;
}

export async function writeBack(input: WriteBackInput, snapshot: RepoSnapshot): Promise<WriteBackResult> {
  await input.git.resetHard(snapshot.commit);
  let result = await editAndCommit(input, snapshot);
  if (!result.commit) return result;
  await input.git.push(input.remote, input.branch, {
    strategy: 'reapply',
    reapply: async (tip) => {
      result = await editAndCommit(input, await readRepoSnapshot(input.git, tip, input.worklogDir, input.units));
      return result.commit !== undefined;
    },
  }, CONTROLLER_PUSH_ATTEMPTS);
  return result;
}

async function editAndCommit(input: WriteBackInput, snapshot: RepoSnapshot): Promise<WriteBackResult> {
  const changes = planEdits(input, snapshot);
  const touched: string[] = [];
  for (const [file, text] of planWorklogWrites(snapshot.files, changes.puts, input.worklogDir)) {
    await writeFile(join(input.git.dir, file), text);
    touched.push(file);
  }
  for (const path of changes.dequeue) {
    await rm(join(input.git.dir, path), { force: true });
    touched.push(path);
  }
  const count = new Set([...changes.linkedIds, ...changes.dequeuedIds]).size;
  if (touched.length === 0) return { linked: 0, dequeued: 0 };
  await input.git.add(touched);
  const subject = `[tract-sync] Link ${count} worklog${count === 1 ? '' : 's'} to Jira`;
  const commit = await input.git.commit(`${subject}\n\n${changes.body.join('\n')}\n`, { author: input.commitAuthor });
  return { commit, linked: changes.linkedIds.length, dequeued: changes.dequeue.length };
}

interface PlannedEdits {
  /** The linked versions of the records that get a link. */
  puts: WorklogRecord[];
  dequeue: string[];
  linkedIds: string[];
  dequeuedIds: string[];
  body: string[];
}

function planEdits(input: WriteBackInput, snapshot: RepoSnapshot): PlannedEdits {
  const edits: PlannedEdits = { puts: [], dequeue: [], linkedIds: [], dequeuedIds: [], body: [] };
  for (const line of snapshot.records.records) {
    const link = input.links.get(line.record.id);
    if (!link || line.record.jira?.worklogId === link.worklogId) continue;
    edits.puts.push({ ...line.record, jira: link });
    edits.linkedIds.push(line.record.id);
    edits.body.push(`${line.record.issue} ${line.record.author} ${line.record.time} → Jira worklog ${link.worklogId}`);
  }
  for (const queued of snapshot.queue) {
    if (!input.dequeue(queued.entry.worklogId, snapshot)) continue;
    edits.dequeue.push(queued.path);
    edits.dequeuedIds.push(queued.entry.worklogId);
  }
  return edits;
}
