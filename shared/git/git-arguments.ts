import { ValidationError } from '../core/tract-error.ts';
import type { GitIdentity } from './git-types.ts';

/** Checks and shapes what callers hand to git. */

export function identityEnv(identity: GitIdentity): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
  };
}

/** Arguments starting with `-` would be read as options by git. */
export function assertRevision(revision: string): void {
  if (revision === '' || revision.startsWith('-') || /[\s\0]/.test(revision)) {
    throw new ValidationError(`invalid git revision "${revision}"`, { reason: 'UnknownRevision' });
  }
}

export function assertRefName(kind: 'branch' | 'remote', name: string): void {
  if (name === '' || name.startsWith('-') || name.includes('..') || /[\s\0~^:?*[\\]/.test(name)) {
    throw new ValidationError(`invalid git ${kind} name "${name}"`, { reason: 'InvalidArgument' });
  }
}

export function normalizePath(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/^\.$/, '');
}
