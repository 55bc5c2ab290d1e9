import {
  AuthError,
  ConflictError,
  InternalError,
  TransientError,
  ValidationError,
  type TractError,
} from '../core/tract-error.ts';
import type { ValidationReason } from '../core/error-reasons.ts';
import { scrubSecrets } from './scrub-secrets.ts';

/** What a failed git command left behind. */
export interface GitFailure {
  /** git's arguments; `args[0]` is the subcommand. Never holds a secret (credentials go through env). */
  args: readonly string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  timeoutMs: number;
}

interface Rule {
  pattern: RegExp;
  /** `match` is the pattern's match in git's output. */
  make: (command: string, detail: string, match: RegExpExecArray) => TractError;
}

const unreachable = (command: string, detail: string): TractError =>
  new TransientError(`git ${command}: remote unreachable (${detail}); check the network and the remote URL, then retry`, {
    reason: 'GitOperationFailed',
  });

const invalid = (reason: ValidationReason, hint: string) => (command: string, detail: string): TractError =>
  new ValidationError(`git ${command}: ${detail}${hint}`, { reason });

/** Checked in order: auth before "could not read from remote", which git prints after auth failures too. */
const RULES: readonly Rule[] = [
  {
    // ssh's last line ("Could not read from remote repository") would hide which side is not trusted.
    pattern: /Host key verification failed/i,
    make: (command) =>
      new AuthError(
        `git ${command}: the remote's ssh host key is not in the credentials' known_hosts (Host key verification failed); add the server's key (ssh-keyscan) to known_hosts`,
        { reason: 'HostKeyNotTrusted' },
      ),
  },
  {
    pattern: /Authentication failed|Permission denied \(publickey|could not read (Username|Password)|returned error: 40[13]\b/i,
    make: (command, detail) =>
      new AuthError(`git ${command}: authentication to the remote failed (${detail}); check the repository credentials`, {
        reason: 'AuthenticationFailed',
      }),
  },
  {
    // Two writers pushing at the same moment: the remote's ref moved under this push (git, and hosted
    // servers' wording). Concurrency, not permission: fetch, catch up and push again.
    pattern: /\[remote rejected\].*\((failed to update ref|cannot lock ref|incorrect old value provided)[^)\n]*\)/,
    make: (command, _detail, match) =>
      new ConflictError(`git ${command}: the remote's branch moved while pushing (${match[0].replace(/^.*\(/, '').replace(/\)$/, '')}); fetch, rebase and push again`, {
        reason: 'PushRejected',
      }),
  },
  {
    pattern: /\[remote rejected\]/,
    make: (command, detail) =>
      new AuthError(`git ${command}: the remote refused the push (${detail}); check branch protection and write access`, {
        reason: 'PushDenied',
      }),
  },
  {
    pattern: /\[rejected\]|non-fast-forward|\(fetch first\)/,
    make: (command) =>
      new ConflictError(`git ${command}: rejected because the remote has new commits; fetch, rebase and push again`, {
        reason: 'PushRejected',
      }),
  },
  {
    pattern: /index\.lock': File exists|cannot lock ref/i,
    make: (command, detail) =>
      new TransientError(`git ${command}: another git process is using the repository (${detail}); retry shortly`, {
        reason: 'GitOperationFailed',
      }),
  },
  {
    pattern: /returned error: 404|repository '[^']*' not found/i,
    make: invalid('GitRemoteNotFound', '; check the repository URL and that the credentials can see it'),
  },
  {
    pattern:
      /Could not resolve host|Connection refused|Couldn't connect to server|Failed to connect|timed out|Connection reset|hung up|early EOF|Could not read from remote repository|does not appear to be a git repository|repository '[^']*' does not exist|returned error: 5\d\d|RPC failed|Network is unreachable|unable to access/i,
    make: unreachable,
  },
  { pattern: /not a git repository/i, make: () => notARepository() },
  {
    pattern: /couldn't find remote ref|Remote branch .* not found/i,
    make: invalid('RemoteBranchNotFound', '; check the branch name or push it first'),
  },
  {
    pattern: /unknown revision|bad revision|invalid object name|Not a valid object name|not a valid ref|ambiguous argument|does not have any commits yet|not a valid branch name/i,
    make: invalid('UnknownRevision', ''),
  },
  {
    pattern: /nothing to commit|nothing added to commit|no changes added to commit/i,
    make: (command) => new ValidationError(`git ${command}: nothing to commit (no staged changes)`, { reason: 'NothingToCommit' }),
  },
  {
    pattern: /Please tell me who you are|unable to auto-detect email|empty ident name/i,
    make: invalid('GitIdentityMissing', ' (set `git config user.name` and `git config user.email`)'),
  },
  { pattern: /src refspec .* does not match any/i, make: invalid('BranchNotFound', '; commit on the branch first') },
  { pattern: /pathspec .* did not match/i, make: invalid('PathNotFound', '') },
  { pattern: /already exists and is not an empty directory/i, make: invalid('DestinationExists', '; choose an empty directory') },
  {
    pattern: /detected dubious ownership/i,
    make: invalid('DubiousOwnership', '; run git as the owner of the repository or add it to safe.directory'),
  },
  { pattern: /must be run in a work tree/i, make: invalid('BareRepository', '') },
];

/** The one place raw git failures become TractErrors. Messages are one line and carry no secret. */
export function classifyGitError(failure: GitFailure, secrets: readonly string[]): TractError {
  const command = failure.args[0] ?? 'git';
  if (failure.timedOut) {
    return new TransientError(
      `git ${command} timed out after ${failure.timeoutMs} ms and was stopped; check the network and the remote, then retry`,
      { reason: 'GitOperationFailed' },
    );
  }
  const output = `${failure.stderr}\n${failure.stdout}`;
  const detail = scrubSecrets(firstRelevantLine(failure), secrets);
  for (const rule of RULES) {
    const match = rule.pattern.exec(output);
    if (match !== null) return rule.make(command, detail, match);
  }
  return new InternalError(`git ${command} failed: ${detail}`, { reason: 'GitOperationFailed' });
}

export function notARepository(): ValidationError {
  return new ValidationError('not a git repository (run `tract init` or `git init`)', { reason: 'NotAGitRepository' });
}

/** git's own diagnosis: the first `fatal:`/`error:` line, else the first non-empty line. */
function firstRelevantLine(failure: GitFailure): string {
  const lines = `${failure.stderr}\n${failure.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const diagnosis = lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[0];
  if (diagnosis === undefined) return `exit code ${String(failure.exitCode)}`;
  return diagnosis.replace(/^(fatal|error):\s*/, '');
}
