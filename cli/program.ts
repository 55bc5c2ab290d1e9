import { Command, CommanderError, Option } from 'commander';
import { ValidationError } from '../shared/core/tract-error.ts';
import type { CommandContext, CommandResult, SyncFlags } from './command-context.ts';
import type { ConfigValues } from './config/decode-config-values.ts';
import { HELP_EXAMPLES } from './help-examples.ts';

/** A parsed command line: what to run, not yet run (ni's "parse into a plan, then run it"). */
export interface CommandPlan {
  name: string;
  dir: string | undefined;
  color: boolean;
  configFlags: ConfigValues;
  run: (ctx: CommandContext) => Promise<CommandResult>;
}

export type ParseOutcome = { kind: 'run'; plan: CommandPlan } | { kind: 'done' };

type Options = Record<string, string | boolean | undefined>;
type Runner = (ctx: CommandContext) => Promise<CommandResult>;

/**
 * Parses `args` (without node and script) with commander. Help goes to `writeOut`; every parse error
 * becomes a one-line ValidationError (exit 2) that names the command's `--help`.
 * Command modules are imported only when their command runs, to keep `tract log` start-up small.
 */
export async function parseCommandLine(args: readonly string[], writeOut: (text: string) => void): Promise<ParseOutcome> {
  let runner: { name: string; run: Runner } | undefined;
  const program = buildProgram(writeOut, (name, run) => (runner = { name, run }));
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return { kind: 'done' };
    throw usageError(err, runner === undefined ? commandHelpHint(args) : `tract ${runner.name} --help`);
  }
  if (runner === undefined) return { kind: 'done' };
  const globals = program.opts<Options>();
  return { kind: 'run', plan: { name: runner.name, run: runner.run, ...globalPlan(globals) } };
}

/** One line, naming the help to read. `-1h` reaches commander as an unknown option: say what it is. */
function usageError(err: CommanderError, help: string): ValidationError {
  const negative = /^error: unknown option '(-\d[^']*)'/.exec(err.message)?.[1];
  if (negative !== undefined) {
    return new ValidationError(`Invalid duration "${negative}": durations must be positive, e.g. 2h or 30m`, { reason: 'InvalidDuration' });
  }
  const message = err.message.replace(/^error: /, '').split('\n')[0] ?? err.message;
  return new ValidationError(`${message} (see \`${help}\`)`, { reason: 'Usage' });
}

function globalPlan(globals: Options): Omit<CommandPlan, 'name' | 'run'> {
  const configFlags: ConfigValues = {};
  if (typeof globals.author === 'string') configFlags.author = globals.author;
  if (typeof globals.timezone === 'string') configFlags.timezone = globals.timezone;
  if (typeof globals.syncServer === 'string') configFlags['sync.server'] = globals.syncServer;
  return { dir: typeof globals.dir === 'string' ? globals.dir : undefined, color: globals.color !== false, configFlags };
}

function commandHelpHint(args: readonly string[]): string {
  const first = args.find((arg) => !arg.startsWith('-'));
  return first !== undefined && COMMAND_NAMES.includes(first) ? `tract ${first} --help` : 'tract --help';
}

const COMMAND_NAMES = ['init', 'log', 'worklogs', 'timesheet', 'status', 'push', 'edit', 'delete', 'doctor', 'start', 'stop', 'cancel', 'suggest'];

function buildProgram(writeOut: (text: string) => void, select: (name: string, run: Runner) => void): Command {
  const program = new Command('tract')
    .description('Git-native time tracking in two-way sync with Jira')
    .version('1.0.0', '-V, --version')
    .option('-C, --dir <path>', 'run as if tract was started in <path>')
    .option('--author <name>', 'tract username (overrides TRACT_AUTHOR and config)')
    .option('--timezone <zone>', 'IANA time zone for days and reports (overrides TRACT_TIMEZONE and config)')
    .option('--sync-server <url>', 'sync server URL (overrides TRACT_SYNC_SERVER and config)')
    .option('--no-color', 'never colour the output (also: NO_COLOR=1)')
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut, writeErr: () => undefined, outputError: () => undefined });
  program.addHelpText('after', HELP_EXAMPLES.tract ?? '');
  defineCommands(program, select);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut, writeErr: () => undefined, outputError: () => undefined });
  }
  return program;
}

const lazy =
  <M>(load: () => Promise<M>, call: (module: M, ctx: CommandContext) => Promise<CommandResult>): Runner =>
  async (ctx) =>
    call(await load(), ctx);

function defineCommands(program: Command, select: (name: string, run: Runner) => void): void {
  const sub = (name: string, description: string) =>
    program.command(name).description(description).addHelpText('after', HELP_EXAMPLES[name] ?? '');

  sub('init', 'set up tract in this repository (runs `git init` when needed); safe to re-run')
    .option('--hooks', 'install the git hook that makes a plain `git push` report the sync result (the default)')
    .option('--no-hooks', 'do not install that hook')
    .action((opts: Options) =>
      select('init', lazy(() => import('./commands/init-command.ts'), (m, ctx) => m.runInit(ctx, { hooks: opts.hooks !== false }))),
    );

  sub('log', 'log time on a Jira issue: commit, push, and report the sync')
    .argument('<issue>', 'Jira issue key, e.g. APP-1234')
    .argument('<time>', 'duration: 2h, 30m, 1.5h, 1h30m, 1d, 1w')
    .argument('[comment...]', 'what you did')
    .option('--started <when>', 'start: HH:MM, "yesterday HH:MM", YYYY-MM-DD, or ISO time with offset (default: now minus the time)')
    .option('--force', 'log an entry over 24h or with a start in the future')
    .option('--no-push', 'commit only; publish later with `tract push`')
    .addOption(waitOption(10))
    .option('--no-wait', 'do not wait for the sync server to confirm')
    .action((issue: string, time: string, comment: string[], opts: Options) =>
      select(
        'log',
        lazy(() => import('./commands/log-command.ts'), (m, ctx) =>
          m.runLog(ctx, { issue, time, comment: comment.length > 0 ? comment.join(' ') : undefined, ...syncFlags(opts), started: str(opts.started), force: opts.force === true }),
        ),
      ),
    );

  sub('worklogs', "list an issue's worklogs, all authors")
    .argument('<issue>', 'Jira issue key')
    .option('--json', 'machine-readable output')
    .option('--all', 'also deleted worklogs (marked deleted, not counted in the total)')
    .action((issue: string, opts: Options) =>
      select('worklogs', lazy(() => import('./commands/worklogs-command.ts'), (m, ctx) => m.runWorklogs(ctx, { issue, json: opts.json === true, all: opts.all === true }))),
    );

  defineTimesheet(sub('timesheet', 'time per day against the daily target (✅ on target, ⚠️ under, 🔥 over)'), select);
  defineSyncCommands(sub, select);
  defineRecordCommands(sub, select);
  defineTimerCommands(sub, select);

  program
    .command('merge-worklogs', { hidden: true })
    .description("git's merge driver for month files (registered by `tract init`)")
    .argument('<base>', '%O: the common ancestor')
    .argument('<ours>', '%A: our version; the result is written here')
    .argument('<theirs>', '%B: their version')
    .argument('[path]', '%P: the path in the repository')
    .action((base: string, ours: string, theirs: string) =>
      select('merge-worklogs', lazy(() => import('./commands/merge-worklogs-command.ts'), (m, ctx) => m.runMergeWorklogs(ctx, { base, ours, theirs }))),
    );

  program
    .command('hook-report', { hidden: true })
    .argument('<updates...>', '<old>:<new>:<ref> per updated remote-tracking ref')
    .action((updates: string[]) =>
      select('hook-report', lazy(() => import('./commands/push-command.ts'), (m, ctx) => m.runHookReport(ctx, updates))),
    );
}

function defineTimesheet(command: Command, select: (name: string, run: Runner) => void): void {
  command
    .argument('[author]', 'whose timesheet (default: you)')
    .option('--date <day>', 'one day: YYYY-MM-DD, today, yesterday (default: today)')
    .option('--week [week]', 'an ISO week, YYYY-Www (default: this week)')
    .option('--month <month>', 'a month, YYYY-MM')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'csv']).default('text'))
    .option('--json', 'same as --format json')
    .action((author: string | undefined, opts: Options) =>
      select(
        'timesheet',
        lazy(() => import('./commands/timesheet-command.ts'), (m, ctx) =>
          m.runTimesheet(ctx, {
            author,
            date: str(opts.date),
            week: opts.week,
            month: str(opts.month),
            format: opts.json === true ? 'json' : ((opts.format as 'text' | 'json' | 'csv' | undefined) ?? 'text'),
          }),
        ),
      ),
    );
}

type Sub = (name: string, description: string) => Command;

function defineSyncCommands(sub: Sub, select: (name: string, run: Runner) => void): void {
  sub('status', 'pending, queued, failed and synced worklogs; problems in the files')
    .option('--json', 'machine-readable output')
    .action((opts: Options) =>
      select('status', lazy(() => import('./commands/status-command.ts'), (m, ctx) => m.runStatus(ctx, { json: opts.json === true }))),
    );

  sub('push', 'git push (rebasing when needed), then wait for the sync server to sync the queued worklogs')
    .addOption(waitOption(60))
    .option('--no-wait', 'do not wait for the sync server to confirm')
    .action((opts: Options) =>
      select('push', lazy(() => import('./commands/push-command.ts'), (m, ctx) => m.runPush(ctx, syncFlags(opts)))),
    );

  sub('doctor', 'check config, git remote, sync server, worklog files, time zone and hooks')
    .action(() => select('doctor', lazy(() => import('./commands/doctor-command.ts'), (m, ctx) => m.runDoctor(ctx))));
}

function defineRecordCommands(sub: Sub, select: (name: string, run: Runner) => void): void {
  sub('edit', 'change a worklog (by id or a unique id prefix of 4+ characters)')
    .argument('<id>', 'worklog id or prefix (see `tract worklogs ISSUE`)')
    .option('--time <time>', 'new duration')
    .option('--comment <comment>', 'new comment ("" removes it)')
    .option('--started <when>', 'new start (same forms as `tract log --started`)')
    .option('--issue <key>', 'move the worklog to another issue')
    .option('--no-push', 'commit only')
    .action((id: string, opts: Options) =>
      select(
        'edit',
        lazy(() => import('./commands/edit-command.ts'), (m, ctx) =>
          m.runEdit(ctx, { id, time: str(opts.time), comment: str(opts.comment), started: str(opts.started), issue: str(opts.issue), push: opts.push !== false }),
        ),
      ),
    );

  sub('delete', 'remove a worklog (by id or a unique id prefix of 4+ characters)')
    .argument('<id>', 'worklog id or prefix')
    .option('--no-push', 'commit only')
    .action((id: string, opts: Options) =>
      select('delete', lazy(() => import('./commands/delete-command.ts'), (m, ctx) => m.runDelete(ctx, { id, push: opts.push !== false }))),
    );
}

function defineTimerCommands(sub: Sub, select: (name: string, run: Runner) => void): void {
  const timers = () => import('./timer/timer-commands.ts');
  sub('start', 'start a timer on an issue (one at a time; `tract stop` logs it)')
    .argument('<issue>', 'Jira issue key, e.g. APP-1234')
    .argument('[comment...]', 'what you are doing')
    .option('--at <when>', 'when you started (same forms as `tract log --started`; default: now)')
    .option('--force', 'start in the future')
    .action((issue: string, comment: string[], opts: Options) =>
      select('start', lazy(timers, (m, ctx) => m.runStart(ctx, { issue, comment: comment.length > 0 ? comment.join(' ') : undefined, at: str(opts.at), force: opts.force === true }))),
    );

  sub('stop', 'stop the timer and log its time like `tract log` (commit, push, sync)')
    .option('--at <when>', 'when you stopped (default: now)')
    .option('--force', 'log a timer over the limit (timerLimit, default 10h) or over 24h as it is')
    .option('--no-push', 'commit only; publish later with `tract push`')
    .addOption(waitOption(10))
    .option('--no-wait', 'do not wait for the sync server to confirm')
    .action((opts: Options) =>
      select('stop', lazy(timers, (m, ctx) => m.runStop(ctx, { ...syncFlags(opts), at: str(opts.at), force: opts.force === true }))),
    );

  sub('cancel', 'drop the running timer without logging anything')
    .action(() => select('cancel', lazy(timers, (m, ctx) => m.runCancel(ctx))));

  sub('suggest', 'suggest worklogs from your commits of a day (issue keys in branch names and messages)')
    .option('--date <day>', 'YYYY-MM-DD, today, yesterday (default: today)')
    .option('--repo <path>', 'a code repository to read (repeatable; default: suggest.repos from the config)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--apply', 'log the suggestions after showing them')
    .option('--json', 'machine-readable output')
    .option('--no-push', 'with --apply: commit only')
    .addOption(waitOption(10))
    .option('--no-wait', 'do not wait for the sync server to confirm')
    .action((opts: Record<string, string | boolean | string[] | undefined>) =>
      select(
        'suggest',
        lazy(() => import('./suggest/suggest-command.ts'), (m, ctx) =>
          m.runSuggest(ctx, {
            ...syncFlags(opts as Options),
            date: str(opts.date as string | undefined),
            repos: Array.isArray(opts.repo) ? opts.repo : [],
            apply: opts.apply === true,
            json: opts.json === true,
          }),
        ),
      ),
    );
}

function waitOption(defaultSeconds: number): Option {
  return new Option('--sync-timeout <seconds>', 'how long to wait for the sync server to confirm')
    .default(String(defaultSeconds))
    .argParser((value) => {
      if (!/^\d+(\.\d+)?$/.test(value)) throw new ValidationError(`--sync-timeout must be a number of seconds, found "${value}"`);
      return value;
    });
}

function syncFlags(opts: Options): SyncFlags {
  return { push: opts.push !== false, wait: opts.wait !== false, syncTimeoutMs: Number(opts.syncTimeout ?? 0) * 1000 };
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
