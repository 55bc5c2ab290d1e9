/**
 * The worklog merge driver the controller registers in its clones (docs/git.md, "The merge driver"):
 * `node controller/merge-worklogs-main.ts %O %A %B`. The controller itself never merges (it re-applies
 * its edits on the new tip), but a person working in its clone, or a future strategy, gets the same
 * merge by record id as the CLI's clones. Any error exits non-zero, which git reports as a conflict.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mergeWorklogFiles } from '../shared/core/merge-worklog-files.ts';

const [base, ours, theirs] = process.argv.slice(2);
if (base === undefined || ours === undefined || theirs === undefined) {
  process.stderr.write('usage: merge-worklogs-main.ts BASE OURS THEIRS\n');
  process.exit(2);
}
writeFileSync(ours, mergeWorklogFiles(readFileSync(base, 'utf8'), readFileSync(ours, 'utf8'), readFileSync(theirs, 'utf8')));
