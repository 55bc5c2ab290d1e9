/**
 * Where a running timer is kept: `tract/timer.json` in the clone's git directory (the common one of linked
 * worktrees), so it belongs to the repository its worklog will be committed to, survives new processes and
 * reboots, and is never committed (docs/cli-decisions.md, "Timers"). Written atomically.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../shared/core/tract-error.ts';
import { locateRepository } from '../../shared/git/locate-repository.ts';
import type { CommandContext } from '../command-context.ts';
import { readTextIfPresent } from '../system/read-text-if-present.ts';
import { startDir } from '../workspace/open-workspace.ts';
import { decodeTimer, type TimerState } from './timer-state.ts';

export interface TimerFile {
  path: string;
  read(): TimerState | undefined;
  write(state: TimerState): void;
  remove(): void;
}

export async function openTimerFile(ctx: CommandContext): Promise<TimerFile> {
  const location = await locateRepository(startDir(ctx));
  if (location === undefined) throw new ValidationError(`${startDir(ctx)} is not in a git repository: run \`tract init\` there first`, { reason: 'NotARepository' });
  return timerFileAt(join(location.commonDir, 'tract', 'timer.json'));
}

export function timerFileAt(path: string): TimerFile {
  return {
    path,
    read: () => {
      const text = readTextIfPresent(path);
      return text === undefined ? undefined : decodeTimer(text, path);
    },
    write: (state) => {
      mkdirSync(join(path, '..'), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
      renameSync(temp, path);
    },
    remove: () => rmSync(path, { force: true }),
  };
}
