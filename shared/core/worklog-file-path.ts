import { ValidationError } from './tract-error.ts';

/** Where worklog files live unless the repo config says otherwise (docs/records.md, docs/cli.md `worklogDir`). */
export const DEFAULT_WORKLOG_DIR = 'worklogs';

const MONTH_PREFIX = /^\d{4}-(?:0[1-9]|1[0-2])/;
const FILE_NAME = /^\d{4}-(?:0[1-9]|1[0-2])\.jsonl$/;

function normaliseDir(worklogDir: string): string {
  return worklogDir.replace(/\/+$/, '');
}

function inDir(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/**
 * The file of a record: `worklogs/2026-02.jsonl` for the calendar month of `started` AS WRITTEN, in its
 * own offset (its first 7 characters): `2026-01-31T23:30:00.000-05:00` belongs to January.
 */
export function worklogFilePath(started: string, worklogDir: string = DEFAULT_WORKLOG_DIR): string {
  const month = MONTH_PREFIX.exec(started)?.[0];
  if (month === undefined) {
    throw new ValidationError(`Cannot choose a worklog file: started must begin with YYYY-MM, found ${JSON.stringify(started)}`);
  }
  return inDir(normaliseDir(worklogDir), `${month}.jsonl`);
}

/** True for `<worklogDir>/YYYY-MM.jsonl` (a git path, `/`-separated), directly in that directory. */
export function isWorklogFilePath(path: string, worklogDir: string = DEFAULT_WORKLOG_DIR): boolean {
  const dir = normaliseDir(worklogDir);
  const prefix = dir === '' ? '' : `${dir}/`;
  return path.startsWith(prefix) && FILE_NAME.test(path.slice(prefix.length));
}
