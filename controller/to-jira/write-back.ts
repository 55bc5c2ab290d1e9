/**
 * The write-back commit after Tract → Jira (docs/git.md): `[tract-sync] Link N worklogs to Jira` adds the
 * `jira` links and deletes processed queue files, through the worklog repository
 * (shared/git/worklog-repository.ts). A rejected push is never forced: the edits are re-done on the new tip
 * and pushed again.
 */
import type { NewLink } from '../../shared/core/commit-subjects.ts';
import type { DurationUnits } from '../../shared/core/parse-duration.ts';
import type { WorklogRecord, JiraLink } from '../../shared/core/worklog-record.ts';
import { CONTROLLER_PUSH_ATTEMPTS } from '../../shared/git/push-with-retry.ts';
import type { GitIdentity, GitRepository } from '../../shared/git/git-repository.ts';
import { WorklogRepository, type CommitSnapshot } from '../../shared/git/worklog-repository.ts';

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
  dequeue(worklogId: string, snapshot: CommitSnapshot): boolean;
}

export interface WriteBackResult {
  commit?: string;
  linked: number;
  dequeued: number;
}

export async function writeBack(input: WriteBackInput, snapshot: CommitSnapshot): Promise<WriteBackResult> {
  const worklogs = new WorklogRepository(input.git, { worklogDir: input.worklogDir, units: input.units });
  await input.git.resetHard(snapshot.commit);
  let result = await editAndCommit(input, worklogs, snapshot);
  if (!result.commit) return result;
  await worklogs.push(input.remote, input.branch, {
    strategy: 'reapply',
    reapply: async (tip) => {
      result = await editAndCommit(input, worklogs, await worklogs.readCommit(tip));
      return result.commit !== undefined;
    },
  }, CONTROLLER_PUSH_ATTEMPTS);
  return result;
}

async function editAndCommit(input: WriteBackInput, worklogs: WorklogRepository, snapshot: CommitSnapshot): Promise<WriteBackResult> {
  const edits = planEdits(input, snapshot);
  const count = new Set([...edits.linkedIds, ...edits.dequeuedIds]).size;
  const commit = await worklogs.commit(
    { base: snapshot.files, puts: edits.puts, dequeue: edits.dequeue, description: { kind: 'link-to-jira', count, links: edits.links } },
    { author: input.commitAuthor },
  );
  if (commit === undefined) return { linked: 0, dequeued: 0 };
  return { commit, linked: edits.linkedIds.length, dequeued: edits.dequeue.length };
}

interface PlannedEdits {
  /** The linked versions of the records that get a link. */
  puts: WorklogRecord[];
  dequeue: string[];
  linkedIds: string[];
  dequeuedIds: string[];
  links: NewLink[];
}

function planEdits(input: WriteBackInput, snapshot: CommitSnapshot): PlannedEdits {
  const edits: PlannedEdits = { puts: [], dequeue: [], linkedIds: [], dequeuedIds: [], links: [] };
  for (const line of snapshot.records.records) {
    const link = input.links.get(line.record.id);
    if (!link || line.record.jira?.worklogId === link.worklogId) continue;
    edits.puts.push({ ...line.record, jira: link });
    edits.linkedIds.push(line.record.id);
    edits.links.push({ issue: line.record.issue, author: line.record.author, time: line.record.time, worklogId: link.worklogId });
  }
  for (const queued of snapshot.queue) {
    if (!input.dequeue(queued.entry.worklogId, snapshot)) continue;
    edits.dequeue.push(queued.path);
    edits.dequeuedIds.push(queued.entry.worklogId);
  }
  return edits;
}
