import { expect } from 'chai';
import { ValidationError } from '../../../shared/core/tract-error.ts';
import { exitCode } from '../../../cli/main.ts';
import { parseCommandLine } from '../../../cli/program.ts';
import { AuthError, ConflictError, InternalError, TransientError } from '../../../shared/core/tract-error.ts';

describe('cli/program', () => {
  const parse = async (args: string[]) => {
    let help = '';
    const outcome = await parseCommandLine(args, (text) => (help += text));
    return { outcome, help };
  };

  it('parses into a plan with the global config flags, before running anything', async () => {
    const { outcome } = await parse(['--sync-server', 'http://s:3100', 'log', 'APP-1', '2h', 'Fixed', 'the', 'bug', '--author', 'sarah']);
    expect(outcome.kind).to.equal('run');
    if (outcome.kind !== 'run') return;
    expect(outcome.plan.name).to.equal('log');
    expect(outcome.plan.configFlags).to.deep.equal({ author: 'sarah', 'sync.server': 'http://s:3100' });
  });

  it('--help on every command shows examples on stdout and runs nothing', async () => {
    for (const command of ['init', 'log', 'worklogs', 'timesheet', 'status', 'push', 'edit', 'delete', 'doctor']) {
      const { outcome, help } = await parse([command, '--help']);
      expect(outcome.kind, command).to.equal('done');
      expect(help, command).to.contain(`Usage: tract ${command}`).and.to.contain('Examples:');
    }
  });

  const errors: [string[], RegExp][] = [
    [['log', 'APP-1', '2h', '--nope'], /^unknown option '--nope' \(see `tract log --help`\)$/],
    [['log', 'APP-1', '-2h'], /^Invalid duration "-2h": durations must be positive/],
    [['frobnicate'], /^unknown command 'frobnicate' \(see `tract --help`\)$/],
    [['worklogs'], /^missing required argument 'issue' \(see `tract worklogs --help`\)$/],
    [['timesheet', '--format', 'pdf'], /pdf/],
  ];
  for (const [args, pattern] of errors) {
    it(`${args.join(' ')} → one-line ValidationError`, async () => {
      const error = await parseCommandLine(args, () => undefined).catch((err: unknown) => err);
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as Error).message).to.match(pattern).and.not.to.contain('\n');
    });
  }

  it('exit codes come from the error class (docs/cli.md)', () => {
    expect(exitCode(new ValidationError('x'))).to.equal(2);
    expect(exitCode(new AuthError('x'))).to.equal(3);
    expect(exitCode(new ConflictError('x'))).to.equal(4);
    expect(exitCode(new InternalError('x'))).to.equal(1);
    expect(exitCode(new TransientError('x'))).to.equal(1);
  });
});
