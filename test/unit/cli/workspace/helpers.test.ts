import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withUnionRule } from '../../../../cli/commands/init-command.ts';
import { hookScript } from '../../../../cli/commands/hook-script.ts';
import { userEmailIn } from '../../../../cli/workspace/git-user-email.ts';

describe('cli helpers', () => {
  it('userEmailIn reads the [user] email of git-config text', () => {
    expect(userEmailIn('[core]\n\temail = no\n[user]\n\tname = John\n\temail = john.mcmullan@example.com ; work\n')).to.equal('john.mcmullan@example.com');
    expect(userEmailIn('[user "x"]\n')).to.equal(undefined);
    expect(userEmailIn('[User]\nEmail = "a@b.c"\n')).to.equal('a@b.c');
  });

  it('withUnionRule adds the rule once and keeps other lines', () => {
    expect(withUnionRule(undefined, 'worklogs')).to.equal('worklogs/*.jsonl merge=union\n');
    expect(withUnionRule('*.png binary', 'worklogs')).to.equal('*.png binary\nworklogs/*.jsonl merge=union\n');
    expect(withUnionRule('worklogs/*.jsonl   merge=union\n', 'worklogs')).to.equal('worklogs/*.jsonl   merge=union\n');
    expect(withUnionRule('', 'time')).to.equal('time/*.jsonl merge=union\n');
  });

  it('the hook script acts only on committed remote-tracking updates and always exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tract-hook-'));
    try {
      const fakeNode = join(dir, "no'de");
      writeFileSync(fakeNode, `#!/bin/sh\necho "called $*" >> ${join(dir, 'log')}\nexit 7\n`);
      chmodSync(fakeNode, 0o755);
      const hook = join(dir, 'hook');
      writeFileSync(hook, hookScript(fakeNode, '/x/tract.js'));
      chmodSync(hook, 0o755);
      const env = { PATH: process.env.PATH ?? '' };
      const input = 'a b refs/heads/main\nc d refs/remotes/origin/main\n';
      // The early exits do not read stdin (git ignores SIGPIPE from hooks), so no input there.
      execFileSync(hook, ['prepared'], { env });
      execFileSync(hook, ['committed'], { input: 'a b refs/heads/main\n', env });
      execFileSync(hook, ['committed'], { env: { ...env, TRACT_HOOK_SKIP: '1' } });
      execFileSync(hook, ['committed'], { input, env });
      expect(readFileSync(join(dir, 'log'), 'utf8')).to.equal('called /x/tract.js hook-report c:d:refs/remotes/origin/main\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
