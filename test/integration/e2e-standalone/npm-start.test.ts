import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gitTestEnv } from '../../support/git-fixtures.ts';
import { REPO_ROOT, binPath, freePort, runToEnd, startChild } from './processes.ts';
import type { Child } from './processes.ts';

/**
 * The README's run command as a new user runs it: `npm start` (= `node bin/tract-demo.js`) from the
 * checkout, then the printed `tract log` line pasted into a shell. Without tract-cli installed the line
 * runs the checkout's CLI through the wrapper the demo writes (`../bin/tract`), never npx.
 */
describe('end to end: npm start, then the printed tract log line', function () {
  this.timeout(120_000);
  const demoDir = join('.tract-demo', `e2e-${randomBytes(4).toString('hex')}`);
  let demo: Child;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    env = { ...gitTestEnv(), TRACT_SIM_PORT: String(await freePort()), PORT: String(await freePort()), TRACT_DEMO_DIR: demoDir };
    delete env.TRACT_SYNC_SERVER;
    delete env.TRACT_AUTHOR;
    demo = startChild(process.execPath, [binPath('tract-demo.js')], { cwd: REPO_ROOT, env });
  });
  after(async () => {
    await demo.stop('SIGINT');
    rmSync(join(REPO_ROOT, demoDir), { recursive: true, force: true });
  });

  it('prints the next steps: the line to paste, the dashboard and the simulator with its credentials', async () => {
    await demo.waitForOutput(/Press Ctrl-C to stop\./, 60_000);
    const { stdout } = demo.output();
    expect(stdout).to.contain(`Dashboard        http://localhost:${env.PORT}/`);
    expect(stdout).to.contain(`Jira simulator   http://localhost:${env.TRACT_SIM_PORT}`);
    expect(stdout).to.contain('john.mcmullan@example.com');
    expect(stdout).to.contain(`cd ${demoDir}/clone && ../bin/tract log APP-1 2h "Fixed bug"`);
    expect(stdout).to.not.contain('npx');
  });

  it('the pasted line logs the time and prints ✓ … (synced to Jira)', async () => {
    const [line] = demo.output().stdout.match(/^ {2}cd .* && \.\.\/bin\/tract log .*$/m) ?? [];
    expect(line).to.be.a('string');
    const result = await runToEnd('bash', ['-c', line!.trim()], { cwd: REPO_ROOT, env });
    expect(result.stdout, result.stderr).to.contain('✓ Logged 2h to APP-1 (synced to Jira)');
    expect(result.code).to.equal(0);
    const worklogs = await fetch(`http://127.0.0.1:${env.TRACT_SIM_PORT}/rest/api/2/issue/APP-1/worklog`, {
      headers: { authorization: `Basic ${Buffer.from('john.mcmullan@example.com:demo-token').toString('base64')}` },
    }).then((r) => r.json() as Promise<{ total: number }>);
    expect(worklogs.total).to.equal(1);
  });

  it('stops on Ctrl-C with exit code 0', async () => {
    expect(await demo.stop('SIGINT')).to.equal(0);
  });
});
