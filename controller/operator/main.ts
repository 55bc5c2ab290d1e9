/**
 * Operator mode's composition root (`tract-controller`, mode `operator`, the default): loads the
 * kubeconfig (KUBECONFIG, ~/.kube/config, or in cluster), builds the ports from the Kubernetes API and
 * the shared controller, serves HTTP at once (`/healthz` is live from the start), keeps the TractRepo
 * cache warm on every replica and starts the controller only on the replica that holds the Lease.
 * `/readyz` is ok only on the leader once its informers have listed; standbys forward webhooks and API
 * calls to the leader (standby-gate.ts, docs/operator-ha.md).
 *
 * Leadership lost ⇒ the process exits with 1 at once, as controller-runtime does: in-flight passes stop
 * writing to git and Jira immediately (their journals make the next leader finish them exactly once),
 * and Kubernetes restarts the pod as a standby. SIGTERM/SIGINT ⇒ stop taking work, wait for running
 * passes (bounded), then release the Lease so a standby takes over without waiting for it to expire.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { assembleController } from '../assemble-controller.ts';
import type { Assembled } from '../assemble-controller.ts';
import { describeConfig } from '../config.ts';
import type { ControllerConfig } from '../config.ts';
import { loadKubeClients } from '../kube/kube-clients.ts';
import { KubeLeaseApi } from '../kube/kube-lease-api.ts';
import { LeaderElector } from '../kube/leader-elector.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { WorklogsFactory } from '../jira/jira-connections.ts';
import type { SecretMask } from '../secrets/secret-mask.ts';
import { listen, processWiring, startAssembled, stopAssembled } from '../process-wiring.ts';
import { ControllerMetrics } from '../telemetry/metrics.ts';
import { systemTimers } from '../workqueue/timers.ts';
import { OperatorMetrics } from './operator-metrics.ts';
import { operatorPorts } from './operator-ports.ts';
import type { OperatorPorts } from './operator-ports.ts';
import { standbyGate } from './standby-gate.ts';

export interface OperatorMainInput {
  config: ControllerConfig;
  env: Readonly<Record<string, string | undefined>>;
  mask: SecretMask;
  logger: Logger;
  version: string;
  worklogsFactory?: WorklogsFactory;
  /** Leadership lost, or the controller could not start: default exit 1 at once. */
  exit?: (code: number) => void;
}

interface Running {
  assembled: Assembled;
  ports: OperatorPorts;
  elector: LeaderElector | undefined;
  server: Server;
}

export async function main(input: OperatorMainInput): Promise<number> {
  const { config, env, logger } = input;
  logger.debug('configuration', describeConfig(config));
  const exit = input.exit ?? ((code: number) => process.exit(code));
  const clients = loadKubeClients(env);
  const wiring = processWiring(env, input.version);
  const { clock } = wiring;
  const metrics = new ControllerMetrics();
  const election = config.leaderElection;
  const operatorMetrics = new OperatorMetrics(metrics.registry, `${election.leaseNamespace}/${election.leaseName}`);
  const ports = operatorPorts({ config, clients, clock, timers: systemTimers, logger, metrics: operatorMetrics });
  const advertise: { address?: string } = {};
  const elector = election.enabled
    ? new LeaderElector({
      ...election, api: new KubeLeaseApi(clients, election.leaseNamespace, election.leaseName), timers: systemTimers, clock, logger, address: () => advertise.address,
      onStartedLeading: () => startWork(),
      onStoppedLeading: () => exit(1),
      onLeadingChange: (leading) => operatorMetrics.setLeading(leading),
    })
    : undefined;
  const leading = (): boolean => elector?.leading ?? true;
  const assembled = await assembleController({
    ...wiring, config, ports, logger, metrics, mask: input.mask,
    ...(input.worklogsFactory ? { worklogsFactory: input.worklogsFactory } : {}),
    extraReady: () => leading() && ports.source.synced,
  });
  const startWork = (): void => void (async () => {
    await startAssembled(assembled);
    logger.info('controller started', { repos: ports.source.list().length });
  })().catch((err: unknown) => {
    logger.error('controller did not start', { error: err });
    exit(1);
  });
  const server = createServer(standbyGate({
    isLeading: leading, identity: election.identity, leaderAddress: () => elector?.leaderAddress,
    onWebhook: (source, outcome) => metrics.countWebhook(source, outcome),
    onForwardFailed: (leader, error) => logger.warn('could not forward to the leader', { leader, error }),
  }, assembled.app));
  const port = await listen(server, config);
  advertise.address = advertisedAddress(config, port);
  logger.info('controller listening', { port, mode: config.mode, kube: clients.server, leaderElection: election.enabled, identity: election.identity, version: input.version });
  ports.source.run();
  if (elector) elector.start();
  else {
    operatorMetrics.setLeading(true);
    startWork();
  }
  return serveUntilSignal({ assembled, ports, elector, server }, config, logger);
}

/** Where standbys reach this replica: the pod IP (TRACT_ADVERTISE_HOST), else the listen host, else the hostname. */
function advertisedAddress(config: ControllerConfig, port: number): string {
  const wildcard = config.host === '0.0.0.0' || config.host === '::' || config.host === '';
  const host = config.leaderElection.advertiseHost || (wildcard ? hostname() : config.host);
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function serveUntilSignal(running: Running, config: ControllerConfig, logger: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info('shutting down', { signal, timeoutMs: config.shutdownTimeoutMs });
      void shutDown(running, config, logger).then(() => resolve(0));
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

async function shutDown(running: Running, config: ControllerConfig, logger: Logger): Promise<void> {
  const { assembled, ports, elector, server } = running;
  await stopAssembled(assembled, config, logger);
  await ports.source.stop();
  await elector?.release();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ports.events.flush(), new Promise((resolve) => { timer = setTimeout(resolve, 2000); })]);
  clearTimeout(timer);
  server.close();
  server.closeIdleConnections();
}
