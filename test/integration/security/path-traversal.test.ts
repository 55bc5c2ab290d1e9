import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { binPath, freePort, runToEnd, startChild, waitForHttp } from '../e2e-standalone/processes.ts';
import { gitTestEnv, makeBareRemote, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';

interface Summary { name: string; ready: string; reason: string; message: string }

function manifest(metadata: Record<string, string>, spec: { git: Record<string, unknown>; jiraSecret?: string }): string {
  return stringify({
    apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', metadata,
    spec: {
      git: spec.git, interval: '1h',
      jira: { url: 'http://127.0.0.1:9', secretRef: { name: spec.jiraSecret ?? 'jira' } },
      authors: [{ name: 'john.mcmullan', email: 'john.mcmullan@example.com' }],
    },
  });
}

/** Every path under `dir`, relative. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('security: path traversal through TractRepo names and paths (standalone manifests)', function () {
  this.timeout(60_000);
  let dir: string;
  let remoteUrl: string;

  beforeEach(async () => {
    dir = tempDir('tract-traversal-');
    remoteUrl = pathToFileURL(await makeBareRemote()).href;
  });
  afterEach(removeTempDirs);

  for (const [field, metadata] of [
    ['metadata.name', { name: '../../etc', namespace: 'team-a' }],
    ['metadata.namespace', { name: 'app', namespace: '../..' }],
    ['metadata.name', { name: 'app/../../../tmp', namespace: 'team-a' }],
  ] as const) {
    it(`${field} ${JSON.stringify(Object.values(metadata).join(' / '))}: the start is refused with file, line and the value; nothing written outside the state dir`, async () => {
      writeFileSync(join(dir, 'repos.yaml'), manifest(metadata, { git: { url: remoteUrl } }));
      const before = tree(dir);
      const result = await runToEnd(process.execPath, [binPath('tract-controller.js'), '--standalone', '-f', join(dir, 'repos.yaml'), '--state-dir', join(dir, 'nested', 'state'), '--port', '0', '--log-format', 'json'], { env: gitTestEnv(), timeoutMs: 30_000 });
      expect(result.code, 'exit code').to.equal(2);
      expect(result.stderr + result.stdout).to.match(new RegExp(`repos\\.yaml:\\d+: ${field.replace('.', '\\.')} is`));
      expect(result.stderr + result.stdout).to.include(Object.values(metadata).find((v) => v.includes('..')));
      const created = tree(dir).filter((path) => !before.includes(path));
      expect(created.filter((path) => path !== 'nested' && !path.startsWith(join('nested', 'state'))), 'written outside the state dir').to.deep.equal([]);
    });
  }

  it('spec.git.path "../../etc" and a secretRef "../outside": InvalidSpec and SecretNotFound, nothing read or written outside', async () => {
    // A would-be Secret outside the secrets dir: it must not be read.
    mkdirSync(join(dir, 'outside'), { recursive: true });
    writeFileSync(join(dir, 'outside', 'email'), 'outside@example.com\n');
    writeFileSync(join(dir, 'outside', 'apiToken'), 'outside-token\n');
    mkdirSync(join(dir, 'secrets', 'jira'), { recursive: true });
    writeFileSync(join(dir, 'secrets', 'jira', 'email'), 'tract-sync@example.com\n');
    writeFileSync(join(dir, 'secrets', 'jira', 'apiToken'), 'demo-token\n');
    writeFileSync(join(dir, 'repos.yaml'), [
      manifest({ name: 'gitpath', namespace: 'team-a' }, { git: { url: remoteUrl, path: '../../etc' } }),
      manifest({ name: 'secretref', namespace: 'team-a' }, { git: { url: remoteUrl }, jiraSecret: '../outside' }),
    ].join('---\n'));
    const port = await freePort();
    const stateDir = join(dir, 'state');
    const child = startChild(process.execPath, [binPath('tract-controller.js'), '--standalone', '-f', join(dir, 'repos.yaml'), '--secrets-dir', join(dir, 'secrets'), '--state-dir', stateDir, '--port', String(port), '--log-format', 'json'], { env: gitTestEnv() });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/readyz`);
      let items: Summary[] = [];
      const deadline = performance.now() + 20_000;
      do {
        items = ((await (await fetch(`http://127.0.0.1:${port}/api/v1/repos`)).json()) as { items: Summary[] }).items;
        if (items.length === 2 && items.every((s) => s.ready === 'False')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      } while (performance.now() < deadline);
      const byName = new Map(items.map((s) => [s.name, s]));
      expect(byName.get('gitpath')?.reason, JSON.stringify(byName.get('gitpath'))).to.equal('InvalidSpec');
      expect(byName.get('gitpath')?.message).to.include('git.path');
      expect(byName.get('secretref')?.ready, JSON.stringify(byName.get('secretref'))).to.equal('False');
      // The Secret reader refuses a name that is not a Secret name: not found, never read from outside.
      expect(byName.get('secretref')?.reason).to.equal('SecretNotFound');
    } finally {
      await child.stop();
    }
    const outside = tree(dir).filter((path) => !path.startsWith('state') && !path.startsWith('secrets') && !path.startsWith('outside') && path !== 'repos.yaml');
    expect(outside, 'written outside the state dir').to.deep.equal([]);
    expect(child.output().stdout + child.output().stderr, 'the outside "Secret" was read').to.not.include('outside-token');
  });
});
