/**
 * Runs a Jira simulator in a worker thread, so a benchmark's HTTP client and the simulator each get a core.
 * workerData: JiraSimulatorOptions (JSON). Posts `{ url }` once listening; closes on any message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type JiraSimulatorOptions, startJiraSimulator } from '../../tools/jira-sim/start-jira-simulator.ts';

const sim = await startJiraSimulator(workerData as JiraSimulatorOptions);
parentPort?.postMessage({ url: sim.url });
parentPort?.once('message', () => {
  void sim.close().then(() => process.exit(0));
});
