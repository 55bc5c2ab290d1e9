/**
 * The CLI commits exactly its own change (docs/cli-decisions.md, "Own change only"): it refuses to write
 * a month file that holds uncommitted edits, and after a push that had to rebase it checks that its
 * change is on the pushed tip, so a ✓ is never printed for a change that did not land.
 */
import { compareVersions } from '../../shared/core/resolve-record-versions.ts';
import { ConflictError, ValidationError } from '../../shared/core/tract-error.ts';
import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import type { Workspace } from './open-workspace.ts';
import type { PublishOutcome } from './publish.ts';

/** Refuses (ValidationError `DirtyWorktree`) when any of these files has uncommitted changes. */
export async function assertNoUncommittedChanges(ws: Workspace, paths: readonly string[]): Promise<void> {
  if (await ws.repo.isClean(paths)) return;
  const dirty: string[] = [];
  for (const path of paths) if (!(await ws.repo.isClean([path]))) dirty.push(path);
  throw new ValidationError(
    `${dirty.join(', ')} has uncommitted changes: commit, stash or discard them first (tract commits only its own change; see git status)`,
    { reason: 'DirtyWorktree' },
  );
}

/** A version the CLI wrote, and the file it must be found in. */
export interface WrittenVersion {
  file: string;
  record: WorklogRecord;
}

/**
 * After a push that needed a rebase: each written version must still be the resolved version of its id
 * on the pushed commit. Throws ConflictError `ChangeNotLanded` otherwise.
 */
export async function assertLanded(ws: Workspace, published: PublishOutcome, written: readonly WrittenVersion[]): Promise<void> {
  if (published.kind !== 'pushed' || published.attempts <= 1) return;
  const files = [...new Set(written.map((version) => version.file))];
  const { records: set } = await ws.worklogs.readCommitFiles(published.commit, files);
  const resolved = new Map([...set.records, ...set.tombstones].map((line) => [line.record.id, line.record]));
  for (const version of written) {
    const found = resolved.get(version.record.id);
    if (found === undefined || compareVersions(found, version.record) !== 0) {
      const what = found === undefined ? 'is missing from' : 'was superseded by a newer version on';
      throw new ConflictError(
        `Your change to worklog ${version.record.id} (${version.record.issue}) ${what} ${published.branch} after the push rebased it; run \`git pull\` and check \`tract worklogs ${version.record.issue}\``,
        { reason: 'ChangeNotLanded' },
      );
    }
  }
}
