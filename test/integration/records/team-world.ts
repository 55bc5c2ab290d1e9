/**
 * A team on real things for the convergence test: the Jira simulator over HTTP with the controller's
 * webhook route, coalescer, Tract → Jira pass and feed reconciliation (the from-Jira harness); a bare
 * remote; developer clones running the real CLI in-process, some with Tract's merge driver (`tract init`),
 * some with only the committed `merge=union`.
 */
import { expect } from 'chai';
import { startFromJiraHarness, USERS } from '../../support/from-jira-harness.ts';
import type { FromJiraHarness } from '../../support/from-jira-harness.ts';
import { git, makeClone } from '../../support/git-fixtures.ts';
import type { TestIdentity } from '../../support/git-fixtures.ts';
import { JOHN, TractSession } from '../cli/run-tract.ts';
import type { TractRun } from '../cli/run-tract.ts';
import { expectOneLinePerIdInChanged, revParse } from './replicas.ts';

export interface Developer {
  name: string;
  dir: string;
  author: string;
  /** `tract init` ran here: Tract's merge driver is in the clone's git config. */
  driver: boolean;
  session: TractSession;
}

const SARAH: TestIdentity = { name: 'Sarah Jones', email: 'sarah.jones@example.com' };

export interface TeamOptions {
  /** Per developer: whether `tract init` registers the merge driver there. */
  drivers: readonly boolean[];
  /** The feed reconciliation's read-sharing window (the controller's default when unset). */
  feedReadWindowMs?: number;
}

export class TeamWorld {
  readonly h: FromJiraHarness;
  readonly developers: Developer[];
  /** What happened, one line per step, printed when a schedule fails. */
  readonly trace: string[] = [];
  #lastNowMs = 0;
  readonly #startedMs = Date.now();

  private constructor(h: FromJiraHarness, developers: Developer[]) {
    this.h = h;
    this.developers = developers;
  }

  static async start(options: TeamOptions): Promise<TeamWorld> {
    const h = await startFromJiraHarness(options.feedReadWindowMs === undefined ? {} : { feedReadWindowMs: options.feedReadWindowMs });
    const developers: Developer[] = [];
    const world = new TeamWorld(h, developers);
    for (const [i, driver] of options.drivers.entries()) {
      const author = i % 2 === 0 ? USERS.john.name : USERS.sarah.name;
      const dir = await makeClone(h.remote, i % 2 === 0 ? JOHN : SARAH);
      const developer = { name: `dev${i}`, dir, author, driver, session: new TractSession({ env: { TRACT_AUTHOR: author } }) };
      developers.push(developer);
      if (i === 0) {
        await world.tract(developer, ['init', '--author', USERS.john.name, '--timezone', 'UTC']);
        await world.pushUntilDone(developer);
      } else {
        await world.pull(developer);
        if (driver) await world.tract(developer, ['init']);
      }
    }
    return world;
  }

  /** Runs `tract` in a developer's clone at a clock later than every earlier step. */
  async run(developer: Developer, args: readonly string[]): Promise<TractRun> {
    developer.session.now = this.nextNow();
    const run = await developer.session.run(developer.dir, args);
    this.log(`${developer.name}: tract ${args.join(' ')} → ${run.code} ${(run.stdout + run.stderr).trim().replace(/\n/g, ' | ')}`);
    return run;
  }

  /** `run`, failing on a non-zero exit. */
  async tract(developer: Developer, args: readonly string[]): Promise<TractRun> {
    const run = await this.run(developer, args);
    expect(run.code, `tract ${args.join(' ')} in ${developer.name}: ${run.stderr}`).to.equal(0);
    return run;
  }

  /** A plain `git pull` (a merge: with the driver where `tract init` ran, else the union rule). */
  async pull(developer: Developer): Promise<void> {
    await git(developer.dir, ['pull', '--quiet', '--no-rebase', '--no-edit', 'origin', 'main']);
    this.log(`${developer.name}: git pull`);
  }

  /** Has commits no push published (a push or pull updates origin/main, so no fetch is needed). */
  async isAhead(developer: Developer): Promise<boolean> {
    return (await git(developer.dir, ['rev-list', '--count', 'origin/main..HEAD'])).trim() !== '0';
  }

  /** A plain `git push`, pulling (merging) and pushing again when the remote moved on. */
  async pushUntilDone(developer: Developer): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await git(developer.dir, ['push', '--quiet', 'origin', 'main']);
        this.log(`${developer.name}: git push`);
        return;
      } catch (err) {
        if (attempt >= 5) throw err;
        await this.pull(developer);
      }
    }
  }

  /** Runs a controller step and checks that every month file its commits wrote holds one line per id. */
  async controllerStep<T>(what: string, step: () => Promise<T>): Promise<T> {
    const before = await revParse(this.h.remote, 'main');
    const result = await step();
    await this.h.settle();
    const after = await revParse(this.h.remote, 'main');
    this.log(`controller: ${what}${before === after ? '' : ` → ${after.slice(0, 8)}`}`);
    await expectOneLinePerIdInChanged(this.h.remote, before, after, `the controller's ${what}`);
    return result;
  }

  /** A clock strictly later than every earlier step's, so the model's "last operation wins" is the rule's. */
  nextNow(): Date {
    this.#lastNowMs = Math.max(Date.now(), this.#lastNowMs + 1);
    return new Date(this.#lastNowMs);
  }

  /** One line of the trace, with the milliseconds since the world started. */
  log(line: string): void {
    this.trace.push(`${String(Date.now() - this.#startedMs).padStart(6)} ms  ${line}`);
  }

  async close(): Promise<void> {
    await this.h.close();
  }
}
