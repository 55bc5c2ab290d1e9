import { expect } from 'chai';
import { AuthError, ConflictError, InternalError, TransientError, ValidationError } from '../../../../shared/core/tract-error.ts';
import { classifyGitError, type GitFailure } from '../../../../shared/git/classify-git-error.ts';

function failure(stderr: string, overrides: Partial<GitFailure> = {}): GitFailure {
  return { args: ['fetch', 'origin'], exitCode: 128, stdout: '', stderr, timedOut: false, timeoutMs: 60_000, ...overrides };
}

const CASES: [string, string, abstract new (...args: never[]) => Error, string][] = [
  ['HTTP auth', "fatal: Authentication failed for 'https://git.example.com/x.git/'", AuthError, 'AuthenticationFailed'],
  ['no username', "fatal: could not read Username for 'https://git.example.com': terminal prompts disabled", AuthError, 'AuthenticationFailed'],
  ['ssh key', 'git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.', AuthError, 'AuthenticationFailed'],
  ['HTTP 403', "fatal: unable to access 'https://git.example.com/x.git/': The requested URL returned error: 403", AuthError, 'AuthenticationFailed'],
  ['host key', 'Host key verification failed.\nfatal: Could not read from remote repository.', AuthError, 'HostKeyNotTrusted'],
  ['protected branch', ' ! [remote rejected] main -> main (pre-receive hook declined)\nerror: failed to push some refs', AuthError, 'PushDenied'],
  ['push race (git)', ' ! [remote rejected] main -> main (failed to update ref)\nerror: failed to push some refs', ConflictError, 'PushRejected'],
  ['push race (hosted: lock)', " ! [remote rejected] main -> main (cannot lock ref 'refs/heads/main': is at 1a2b but expected 3c4d)", ConflictError, 'PushRejected'],
  ['push race (hosted: old value)', ' ! [remote rejected] main -> main (incorrect old value provided)', ConflictError, 'PushRejected'],
  ['rejected push', ' ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs to', ConflictError, 'PushRejected'],
  ['non-fast-forward', ' ! [rejected]        main -> main (non-fast-forward)', ConflictError, 'PushRejected'],
  ['DNS', "fatal: unable to access 'https://nope.invalid/x.git/': Could not resolve host: nope.invalid", TransientError, 'GitOperationFailed'],
  ['refused', "fatal: unable to access 'http://127.0.0.1:1/x.git/': Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server", TransientError, 'GitOperationFailed'],
  ['hung up', 'fatal: the remote end hung up unexpectedly', TransientError, 'GitOperationFailed'],
  ['HTTP 502', "fatal: unable to access 'https://h/x.git/': The requested URL returned error: 502", TransientError, 'GitOperationFailed'],
  ['missing path remote', "fatal: '/nope/x.git' does not appear to be a git repository\nfatal: Could not read from remote repository.", TransientError, 'GitOperationFailed'],
  ['lock', "fatal: Unable to create '/r/.git/index.lock': File exists.", TransientError, 'GitOperationFailed'],
  ['HTTP 404', "fatal: unable to access 'https://h/x.git/': The requested URL returned error: 404", ValidationError, 'GitRemoteNotFound'],
  ['not a repo', 'fatal: not a git repository (or any of the parent directories): .git', ValidationError, 'NotAGitRepository'],
  ['bad ref', "fatal: ambiguous argument 'nope': unknown revision or path not in the working tree.", ValidationError, 'UnknownRevision'],
  ['missing branch', "fatal: couldn't find remote ref refs/heads/nope", ValidationError, 'RemoteBranchNotFound'],
  ['no identity', '*** Please tell me who you are.\nfatal: unable to auto-detect email address', ValidationError, 'GitIdentityMissing'],
  ['pathspec', "fatal: pathspec 'x' did not match any files", ValidationError, 'PathNotFound'],
  ['unknown', 'fatal: something new and strange\nsecond line', InternalError, 'GitOperationFailed'],
];

describe('classifyGitError', () => {
  it("names git's own reason for a push race, not a permission problem", () => {
    const error = classifyGitError(failure(' ! [remote rejected] main -> main (failed to update ref)\nerror: failed to push some refs to x', { args: ['push'] }), []);
    expect(error.message).to.equal("git push: the remote's branch moved while pushing (failed to update ref); fetch, rebase and push again");
  });

  for (const [label, stderr, type, reason] of CASES) {
    it(`classifies ${label} as ${type.name} ${reason}`, () => {
      const error = classifyGitError(failure(stderr), []);
      expect(error).to.be.instanceOf(type);
      expect(error.reason).to.equal(reason);
      expect(error.message).to.match(/^git fetch|^not a git repository/).and.not.include('\n');
    });
  }

  it('reads "nothing to commit" from stdout', () => {
    const error = classifyGitError(failure('', { args: ['commit'], exitCode: 1, stdout: 'On branch main\nnothing to commit, working tree clean\n' }), []);
    expect(error).to.be.instanceOf(ValidationError);
    expect(error.reason).to.equal('NothingToCommit');
  });

  it('a timeout is transient, whatever the output', () => {
    const error = classifyGitError(failure('fatal: Authentication failed', { timedOut: true, exitCode: null, timeoutMs: 1500 }), []);
    expect(error).to.be.instanceOf(TransientError);
    expect(error.message).to.include('timed out after 1500 ms');
  });

  it("puts git's first fatal line in an InternalError, without URL userinfo or configured secrets", () => {
    const stderr = "warning: noise\nfatal: weird failure at https://bob:pa55word@h/x.git with token tok-123\nmore";
    const error = classifyGitError(failure(stderr), ['tok-123']);
    expect(error.message).to.equal('git fetch failed: weird failure at https://***@h/x.git with token ***');
  });

  it('falls back to the exit code when git printed nothing', () => {
    expect(classifyGitError(failure('', { exitCode: 3 }), []).message).to.equal('git fetch failed: exit code 3');
  });
});
