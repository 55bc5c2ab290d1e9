/**
 * A real standalone controller process for the security and fault suites, with a known, distinctive value
 * for every secret it handles (Jira token, webhook secrets, git password, API token) so that tests can scan
 * every output for them. Git is served over smart HTTP with Basic auth; Jira is the simulator process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { binPath, freePort, startChild, waitForHttp } from '../integration/e2e-standalone/processes.ts';
import type { Child } from '../integration/e2e-standalone/processes.ts';
import { gitTestEnv, makeBareRemote, tempDir } from './git-fixtures.ts';
import { startGitHttpServer } from './git-http-server.ts';
import type { GitHttpServer } from './git-http-server.ts';
import { startJiraSimProcess } from './jira-sim-process.ts';
import type { JiraSimProcess } from './jira-sim-process.ts';

/** Every secret value the controller is given; none may ever appear in an output. */
export const SECRETS = {
  jiraToken: 'jira-tok-Zq81xPLw3',
  wrongJiraToken: 'jira-wrong-Hk29vBnm7',
  gitPassword: 'git-pw-Rt55yUio0',
  wrongGitPassword: 'git-wrong-Aa73sDfg4',
  jiraHookSecret: 'hook-jira-Mm41nBvc9',
  gitHookToken: 'hook-git-Qw66eRty2',
  apiToken: 'api-tok-Lk08jHgf5',
} as const;

export const SERVICE_EMAIL = 'tract-sync@example.com';
export const JOHN_EMAIL = 'john.mcmullan@example.com';

export interface SecuredController {
  url: string;
  sim: JiraSimProcess;
  gitServer: GitHttpServer;
  /** The bare repository the `team-a/app` TractRepo syncs. */
  remote: string;
  dir: string;
  stateDir: string;
  child: Child;
  /** GET with the API token. */
  api(path: string): Promise<Response>;
  close(): Promise<void>;
}

const SEED = `users:
  - { email: ${JOHN_EMAIL}, name: john.mcmullan, displayName: John McMullan, timeZone: UTC, apiToken: ${SECRETS.jiraToken} }
  - { email: ${SERVICE_EMAIL}, name: tract-sync, displayName: Tract Sync, timeZone: UTC, apiToken: ${SECRETS.jiraToken}, admin: true }
projects:
  - { key: APP, issueCount: 20 }
`;

const SECRET_FILES: readonly (readonly [string, string, string])[] = [
  ['jira', 'email', SERVICE_EMAIL],
  ['jira', 'apiToken', SECRETS.jiraToken],
  ['jira-wrong', 'email', SERVICE_EMAIL],
  ['jira-wrong', 'apiToken', SECRETS.wrongJiraToken],
  ['git', 'username', 'tract'],
  ['git', 'password', SECRETS.gitPassword],
  ['git-wrong', 'username', 'tract'],
  ['git-wrong', 'password', SECRETS.wrongGitPassword],
  ['hooks', 'jiraSecret', SECRETS.jiraHookSecret],
  ['hooks', 'token', SECRETS.gitHookToken],
];

/** The controller's per-address webhook limit in the security suite. */
export const WEBHOOK_LIMIT_PER_MINUTE = 200;

/**
 * Three TractRepos in namespace team-a: `app` (all secrets right), `badjira` (a wrong Jira token) and
 * `badgit` (a wrong git password), so that the controller also has auth errors to report.
 */
export async function startSecuredController(): Promise<SecuredController> {
  const dir = tempDir('tract-secured-');
  writeFileSync(join(dir, 'seed.yaml'), SEED);
  const sim = await startJiraSimProcess(['--seed', join(dir, 'seed.yaml')]);
  const remote = await makeBareRemote({ files: { '.gitattributes': 'worklogs/*.jsonl merge=union\n', 'worklogs/.gitkeep': '' } });
  const gitServer = await startGitHttpServer({ projectRoot: dirname(remote), auth: { kind: 'basic', username: 'tract', password: SECRETS.gitPassword } });
  const gitUrl = `${gitServer.url}/${basename(remote)}`;
  for (const [secret, key, value] of SECRET_FILES) {
    mkdirSync(join(dir, 'secrets', secret), { recursive: true });
    writeFileSync(join(dir, 'secrets', secret, key), `${value}\n`);
  }
  const manifests = [
    manifest('app', gitUrl, sim.url, { git: 'git', jira: 'jira' }),
    manifest('badjira', gitUrl, sim.url, { git: 'git', jira: 'jira-wrong' }),
    manifest('badgit', gitUrl, sim.url, { git: 'git-wrong', jira: 'jira' }),
  ];
  writeFileSync(join(dir, 'repos.yaml'), manifests.map((m) => stringify(m)).join('---\n'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const stateDir = join(dir, 'state');
  // A webhook limit the security suite's burst crosses (the default is 600 per minute and address).
  const env = { ...gitTestEnv(), TRACT_API_TOKEN: SECRETS.apiToken, TRACT_LOG_LEVEL: 'debug', TRACT_RATE_LIMIT_WEBHOOK: String(WEBHOOK_LIMIT_PER_MINUTE) };
  const child = startChild(process.execPath, [
    binPath('tract-controller.js'), '--standalone', '-f', join(dir, 'repos.yaml'), '--secrets-dir', join(dir, 'secrets'),
    '--state-dir', stateDir, '--port', String(port), '--log-format', 'json',
  ], { env });
  await waitForHttp(`${url}/readyz`);
  return {
    url, sim, gitServer, remote, dir, stateDir, child,
    api: (path) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${SECRETS.apiToken}` } }),
    close: async () => {
      await child.stop();
      await gitServer.close();
      await sim.close();
    },
  };
}

function manifest(name: string, gitUrl: string, jiraUrl: string, secrets: { git: string; jira: string }): Record<string, unknown> {
  return {
    apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', metadata: { name, namespace: 'team-a' },
    spec: {
      git: { url: gitUrl, secretRef: { name: secrets.git } }, interval: '1h',
      jira: { url: jiraUrl, secretRef: { name: secrets.jira }, projects: ['APP'], reconcileInterval: '1h' },
      authors: [{ name: 'john.mcmullan', email: JOHN_EMAIL }],
      webhook: { secretRef: { name: 'hooks' } },
    },
  };
}
