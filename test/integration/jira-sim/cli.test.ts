import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { basicAuth } from '../../support/jira-sim.ts';

const BIN = new URL('../../../bin/tract-jira-sim.js', import.meta.url).pathname;

function run(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function waitForUrl(stdout: () => string, exit: Promise<unknown>): Promise<string> {
  const deadline = Date.now() + 15_000;
  let exited = false;
  void exit.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const match = /listening on (http:\/\/\S+)/.exec(stdout());
    if (match?.[1] !== undefined) return match[1];
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`simulator did not start: ${stdout()}`);
}

describe('tract-jira-sim (the command)', function () {
  this.timeout(20_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jira-sim-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the demo site, prints its URL and the demo credentials, and stops on SIGTERM with 0', async () => {
    const sim = run(['--port', '0']);
    const url = await waitForUrl(sim.stdout, sim.exit);
    expect(sim.stdout()).to.contain('john.mcmullan@example.com').and.contain('sarah.jones@example.com').and.contain('tract-sync@example.com').and.contain('demo-token');
    const me = await fetch(`${url}/rest/api/3/myself`, { headers: { authorization: basicAuth('tract-sync@example.com') } });
    expect(me.status).to.equal(200);
    const issue = await fetch(`${url}/rest/api/3/issue/APP-50`, { headers: { authorization: basicAuth('john.mcmullan@example.com') } });
    expect(issue.status).to.equal(200);
    sim.child.kill('SIGTERM');
    expect(await sim.exit).to.equal(0);
  });

  it('loads --seed YAML', async () => {
    const file = join(dir, 'seed.yaml');
    await writeFile(file, 'users:\n  - email: ann@example.com\n    apiToken: t0k\nprojects:\n  - key: OPS\n    issueCount: 1\n');
    const sim = run(['--port', '0', '--seed', file]);
    const url = await waitForUrl(sim.stdout, sim.exit);
    const res = await fetch(`${url}/rest/api/3/issue/OPS-1`, { headers: { authorization: basicAuth('ann@example.com', 't0k') } });
    expect(res.status).to.equal(200);
    sim.child.kill('SIGTERM');
    expect(await sim.exit).to.equal(0);
  });

  it('refuses a bad seed file with every problem and exit code 2', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'users:\n  - displayName: x\nprojects: nope\n');
    const sim = run(['--port', '0', '--seed', file]);
    expect(await sim.exit).to.equal(2);
    expect(sim.stderr()).to.contain(`${file}:2 users.0.email`).and.contain(`${file}:3 projects`);
  });

  it('rejects a bad flag with exit code 2', async () => {
    const sim = run(['--flavor', 'server']);
    expect(await sim.exit).to.equal(2);
  });
});
