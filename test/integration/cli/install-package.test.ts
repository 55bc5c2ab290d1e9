/**
 * The install path of the README: `npm pack` the tract-cli package, `npm install -g` the tarball into a
 * temporary prefix with the machine's Node.js (not the project's Node 24), then use `tract` in a clone
 * outside the checkout against the real controller and the Jira simulator.
 */
import { expect } from 'chai';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findSystemNode, packAndInstall, systemPath, type SystemNode } from '../../../tools/cli-package/install-cli-package.ts';
import { gitTestEnv, makeClone, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { startControllerHarness, type ControllerHarness } from '../controller/controller-harness.ts';
import { REPO_ROOT, runToEnd } from '../e2e-standalone/processes.ts';
import { JOHN } from './run-tract.ts';

describe('tract-cli installed from its tarball with the system Node', function () {
  this.timeout(180_000);
  let h: ControllerHarness;
  let systemNode: SystemNode;
  let tract: string;
  let home: string;

  before(async () => {
    systemNode = findSystemNode(process.env.PATH ?? '', process.version);
    const work = tempDir('tract-install-');
    tract = packAndInstall(systemNode, work, process.env);
    home = join(work, 'home');
    mkdirSync(home);
    h = await startControllerHarness();
  });
  after(async () => {
    await h?.close();
    removeTempDirs();
  });

  const run = async (cwd: string, args: string[]) => {
    const env = { ...gitTestEnv(JOHN), HOME: home, NO_COLOR: '1', TZ: 'UTC', PATH: systemPath(systemNode, process.env.PATH ?? '') };
    for (const name of Object.keys(env)) if (name.startsWith('TRACT_')) delete env[name as keyof typeof env];
    const result = await runToEnd(tract, args, { cwd, env });
    expect(result.code, `tract ${args.join(' ')}: ${result.stderr}`).to.equal(0);
    return result;
  };

  it('runs init, log, start, stop, worklogs and timesheet in a clone outside the checkout', async () => {
    expect(Number(systemNode.version.slice(1).split('.')[0])).to.be.below(Number(process.versions.node.split('.')[0]));
    const versions = await runToEnd(systemNode.node, ['-e', 'process.stdout.write(process.version)'], {});
    expect(versions.stdout).to.equal(systemNode.version);
    const clone = await makeClone(h.remote, JOHN);
    expect(clone.startsWith(REPO_ROOT)).to.equal(false);

    const init = await run(clone, ['init', '--author', 'john.mcmullan', '--timezone', 'UTC', '--sync-server', h.url]);
    expect(init.stdout).to.contain(`✓ Initialised tract in ${clone}`);

    const log = await run(clone, ['log', 'APP-1234', '2h', 'Fixed bug']);
    expect(log.stdout).to.match(/^✓ Logged 2h to APP-1234 \(synced to Jira\)\n {2}id [0-9a-f]{8}\n$/);

    const startedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000).toISOString();
    const start = await run(clone, ['start', 'APP-1235', 'Code review', '--at', startedAt]);
    expect(start.stdout).to.match(/^✓ Timer started on APP-1235 at /);
    const stop = await run(clone, ['stop']);
    expect(stop.stdout).to.match(/^✓ Logged 30m to APP-1235 \(synced to Jira\)\n/);

    const worklogs = await run(clone, ['worklogs', 'APP-1234', '--json']);
    const [logged] = (JSON.parse(worklogs.stdout) as { worklogs: { id: string; author: string; time: string; started: string }[] }).worklogs;
    expect(logged).to.include({ author: 'john.mcmullan', time: '2h' });
    const shortId = /id ([0-9a-f]{8})/.exec(log.stdout)?.[1] ?? '';
    expect(logged?.id.replaceAll('-', '').slice(13)).to.match(new RegExp(`^${shortId}`));

    const day = logged?.started.slice(0, 10) ?? '';
    const sheet = await run(clone, ['timesheet', '--date', day, '--format', 'json']);
    const parsed = JSON.parse(sheet.stdout) as { author: string; date: string; entries: { issue: string; time: string }[] };
    expect(parsed).to.include({ author: 'john.mcmullan', date: day });
    expect(parsed.entries.map((e) => [e.issue, e.time])).to.deep.include(['APP-1234', '2h']);

    const cache = join(home, 'cache');
    const reports: string[] = [];
    for (let i = 0; i < 3; i++) {
      const env = { ...gitTestEnv(JOHN), HOME: home, XDG_CACHE_HOME: cache, TRACT_CODE_CACHE: 'report', PATH: systemPath(systemNode, process.env.PATH ?? '') };
      reports.push((await runToEnd(tract, ['status'], { cwd: clone, env })).stderr.split('\n')[0] ?? '');
    }
    // The code cache of this Node and command: taken by the first run, completed by the second, then read.
    expect(reports).to.deep.equal(['tract: code cache missing', 'tract: code cache accepted', 'tract: code cache accepted']);
    expect(readdirSync(join(cache, 'tract'))).to.deep.equal([`cli-${statSync(join(tract, '..', '..', 'lib', 'node_modules', 'tract-cli', 'dist', 'tract-cli.cjs')).size}-node-${systemNode.version}-${process.arch}-status.v8cache`]);

    const inJira = h.sim.control.state().worklogs.map((w) => [w.issueKey, w.timeSpentSeconds]).sort();
    expect(inJira).to.deep.equal([['APP-1234', 7200], ['APP-1235', 1800]]);
    expect(readFileSync(join(clone, '.gitattributes'), 'utf8')).to.equal('worklogs/*.jsonl merge=union\n');
  });
});
