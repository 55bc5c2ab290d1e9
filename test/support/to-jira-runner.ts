/**
 * Runs one Tract → Jira pass in its own process, so that a test can kill it with SIGKILL at any point:
 *   node test/support/to-jira-runner.ts '{"simUrl":…,"stateDir":…,"controllerCloneDir":…}'
 */
import { JiraSiteQueue } from '../../shared/jira/jira-site-queue.ts';
import { TEST_SITE_POLICY, realTime, runSyncPass } from './to-jira-harness.ts';
import type { SyncPaths } from './to-jira-harness.ts';

const paths = JSON.parse(process.argv[2] ?? '{}') as SyncPaths;
const result = await runSyncPass(paths, new JiraSiteQueue(paths.simUrl, TEST_SITE_POLICY, realTime()));
process.stdout.write(`${JSON.stringify({ created: result.created, pending: result.pending })}\n`);
