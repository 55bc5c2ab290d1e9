/**
 * The demo's git data under `.tract-demo/` (README.md): a bare `remote.git` and a developer `clone/`
 * set up as `tract init` would (`.tract/config.yaml` pointing at the controller, author john.mcmullan,
 * the union merge rule), plus the controller's manifest, Secrets (as files) and state directory.
 * Everything is created once and reused by later runs.
 */
import { appendFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { DEFAULT_DURATION_UNITS } from '../shared/core/parse-duration.ts';
import type { WorklogRecord } from '../shared/core/worklog-record.ts';
import { registerWorklogMergeDriver } from '../shared/git/worklog-merge-driver.ts';
import { GitRepository } from '../shared/git/git-repository.ts';
import type { GitOptions } from '../shared/git/git-repository.ts';
import { WorklogRepository, type WorklogFile } from '../shared/git/worklog-repository.ts';

export const DEMO_AUTHOR = { name: 'John McMullan', email: 'john.mcmullan@example.com', tract: 'john.mcmullan' } as const;
export const DEMO_REPO = { namespace: 'default', name: 'demo' } as const;
export const DEMO_TOKEN = 'demo-token';
const WEBHOOK_SECRET_NAME = 'demo-hooks';

export interface DemoPaths {
  dir: string;
  remote: string;
  /** `file://` URL of the remote: the clone's `origin` and the TractRepo's `spec.git.url`. */
  remoteUrl: string;
  clone: string;
  manifest: string;
  secretsDir: string;
  stateDir: string;
}

export function demoPaths(dir: string): DemoPaths {
  const root = resolve(dir);
  const remote = join(root, 'remote.git');
  return {
    dir: root, remote, remoteUrl: pathToFileURL(remote).href, clone: join(root, 'clone'),
    manifest: join(root, 'repos.yaml'), secretsDir: join(root, 'secrets'), stateDir: join(root, 'state'),
  };
}

/**
 * Creates the remote and the clone unless they exist; returns whether they were reused. The clone gets
 * the worklog merge driver, as `tract init` would register it (`mergeDriver`: its argv).
 */
export async function prepareDemoRepo(paths: DemoPaths, serverUrl: string, env: GitOptions['env'], mergeDriver: readonly string[]): Promise<{ reused: boolean }> {
  const options: GitOptions = { env, isolateConfig: true };
  const hasRemote = await exists(join(paths.remote, 'HEAD'));
  const hasClone = await exists(join(paths.clone, '.git'));
  if (hasRemote && hasClone) return { reused: true };
  if (!hasRemote) {
    await rm(paths.clone, { recursive: true, force: true });
    await GitRepository.init(paths.remote, { ...options, bare: true });
    const clone = await GitRepository.init(paths.clone, options);
    await appendFile(join(paths.clone, '.git', 'config'), `[remote "origin"]\n\turl = ${paths.remoteUrl}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch "main"]\n\tremote = origin\n\tmerge = refs/heads/main\n`);
    await initialCommit(clone, serverUrl);
  } else {
    await GitRepository.clone(paths.remoteUrl, paths.clone, 'main', options);
  }
  await appendFile(join(paths.clone, '.git', 'config'), `[user]\n\tname = ${DEMO_AUTHOR.name}\n\temail = ${DEMO_AUTHOR.email}\n`);
  await registerWorklogMergeDriver(await GitRepository.open(paths.clone, options), mergeDriver, 'worklogs');
  return { reused: hasRemote };
}

async function initialCommit(clone: GitRepository, serverUrl: string): Promise<void> {
  const files: Record<string, string> = {
    '.tract/config.yaml': `# Tract settings for this repository (see docs/cli.md).\n${stringify({ sync: { enabled: true, server: serverUrl, repo: `${DEMO_REPO.namespace}/${DEMO_REPO.name}` }, author: DEMO_AUTHOR.tract })}`,
    'worklogs/.gitkeep': '',
    '.gitattributes': 'worklogs/*.jsonl merge=union\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(clone.dir, path, '..'), { recursive: true });
    await writeFile(join(clone.dir, path), text);
  }
  const worklogs = new WorklogRepository(clone, { worklogDir: 'worklogs', units: DEFAULT_DURATION_UNITS });
  await worklogs.commitPathsIfChanged(Object.keys(files), { kind: 'init' }, { author: { name: DEMO_AUTHOR.name, email: DEMO_AUTHOR.email } });
  await worklogs.push('origin', 'main', { strategy: 'rebase' });
}

/**
 * The simulator keeps Jira in memory, so a re-run starts with an empty Jira. The controller's memory is
 * dropped and the remote's records lose their `jira` links (one commit), so the controller creates them
 * in the new Jira again and git and Jira agree.
 */
export async function forgetOldJira(paths: DemoPaths, env: GitOptions['env']): Promise<number> {
  await rm(paths.stateDir, { recursive: true, force: true });
  const work = join(paths.dir, '.relink');
  await rm(work, { recursive: true, force: true });
  const git = await GitRepository.clone(paths.remoteUrl, work, 'main', { env, isolateConfig: true });
  const worklogs = new WorklogRepository(git, { worklogDir: 'worklogs', units: DEFAULT_DURATION_UNITS });
  const snapshot = await worklogs.readCommit((await git.headCommit()) ?? '');
  const rewrite = new Map<string, Map<string, WorklogRecord>>();
  for (const file of snapshot.files) {
    const records = unlinked(file);
    if (records.size > 0) rewrite.set(file.path, records);
  }
  const count = [...rewrite.values()].reduce((sum, records) => sum + records.size, 0);
  if (count > 0) {
    await worklogs.commit({ base: snapshot.files, rewrite, description: { kind: 'demo-unlink', count } }, { author: { name: 'tract-demo', email: 'tract-demo@localhost' } });
    await worklogs.push('origin', 'main', { strategy: 'rebase' });
  }
  await rm(work, { recursive: true, force: true });
  return count;
}

/**
 * A month file's linked records without their links, by id. They replace their lines outright (no join:
 * the resolution rule would keep the link), which the worklog repository does only for this.
 */
function unlinked(file: WorklogFile): Map<string, WorklogRecord> {
  const replace = new Map<string, WorklogRecord>();
  for (const line of file.decoded.lines) {
    if (!line.record.jira) continue;
    const { jira: _jira, ...rest } = line.record;
    replace.set(line.record.id, rest);
  }
  return replace;
}

/** The TractRepo manifest and its Secrets (files, as mounted Kubernetes Secrets). */
export async function writeControllerFiles(paths: DemoPaths, jiraUrl: string, johnAccountId: string, webhookSecret: string): Promise<void> {
  const manifest = {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: DEMO_REPO,
    spec: {
      git: { url: paths.remoteUrl, branch: 'main', path: 'worklogs' },
      interval: '30s',
      jira: { url: jiraUrl, secretRef: { name: 'jira' }, projects: ['APP'], reconcileInterval: '2m' },
      authors: [
        { name: DEMO_AUTHOR.tract, accountId: johnAccountId, email: DEMO_AUTHOR.email, timezone: 'Europe/London' },
      ],
      webhook: { secretRef: { name: WEBHOOK_SECRET_NAME } },
    },
  };
  await writeFile(paths.manifest, `# The demo's TractRepo (npm start). Edit, then send SIGHUP to reload.\n${stringify(manifest)}`);
  await writeSecret(paths.secretsDir, 'jira', { email: 'tract-sync@example.com', apiToken: DEMO_TOKEN });
  await writeSecret(paths.secretsDir, WEBHOOK_SECRET_NAME, { jiraSecret: webhookSecret });
}

async function writeSecret(dir: string, name: string, data: Record<string, string>): Promise<void> {
  await mkdir(join(dir, name), { recursive: true, mode: 0o700 });
  for (const [key, value] of Object.entries(data)) await writeFile(join(dir, name, key), value, { mode: 0o600 });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
