/**
 * The ports of operator mode, from the Kubernetes API: TractRepos from restarting informers (one per
 * watched namespace, or one for all; the shard selector on list and watch), status through `/status`
 * merge patches, core Events (plus an in-memory ring for the API and status page), Secrets read on
 * demand and watched in the namespaces holding TractRepos (a change queues the repos reading the Secret
 * at once), and the `finalizers.tract.dev` finalizer.
 */
import type { Clock } from '../../shared/core/clock.ts';
import type { ModePorts } from '../assemble-controller.ts';
import type { ControllerConfig } from '../config.ts';
import { KubeEventRecorder } from '../kube/kube-event-recorder.ts';
import { KubeFinalizers } from '../kube/kube-finalizers.ts';
import type { KubeClients } from '../kube/kube-clients.ts';
import { KubeSecretReader } from '../kube/kube-secret-reader.ts';
import { KubeStatusWriter } from '../kube/kube-status-writer.ts';
import { KubeTractRepoSource } from '../kube/kube-tract-repo-source.ts';
import type { RestartPolicy } from '../kube/restarting-informer.ts';
import { secretStreams } from '../kube/secret-streams.ts';
import { tractRepoStreams } from '../kube/tract-repo-streams.ts';
import type { Logger } from '../logging/create-logger.ts';
import { RingEventRecorder } from '../standalone/ring-event-recorder.ts';
import type { Timers } from '../workqueue/timers.ts';
import type { OperatorMetrics } from './operator-metrics.ts';

export interface OperatorPorts extends ModePorts {
  source: KubeTractRepoSource;
  events: KubeEventRecorder;
}

export interface OperatorPortsInput {
  config: Pick<ControllerConfig, 'watchNamespaces' | 'shardSelector' | 'leaderElection'>;
  clients: KubeClients;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  metrics: OperatorMetrics;
  informerPolicy?: Partial<RestartPolicy>;
}

export function operatorPorts(input: OperatorPortsInput): OperatorPorts {
  const { config, clients, clock, timers, logger, metrics } = input;
  const namespaces: (string | undefined)[] = config.watchNamespaces.length > 0 ? [...new Set(config.watchNamespaces)] : [undefined];
  const source = new KubeTractRepoSource({
    streams: namespaces.map((namespace) => ({
      ...(namespace === undefined ? {} : { namespace }),
      factory: tractRepoStreams(clients, { ...(namespace === undefined ? {} : { namespace }), labelSelector: config.shardSelector }),
    })),
    timers,
    logger,
    ...(input.informerPolicy ? { policy: input.informerPolicy } : {}),
    onRestart: (reason) => metrics.countInformerRestart(reason),
    onWatchEvent: (type) => metrics.countWatchEvent(type),
    secretStreams: (namespace) => secretStreams(clients, namespace),
    onSecretRestart: (reason) => metrics.countInformerRestart(reason, 'secrets'),
  });
  const recent = new RingEventRecorder({ clock, logger });
  const events = new KubeEventRecorder({ clients, lookup: (key) => source.get(key), clock, logger, instance: config.leaderElection.identity, recent });
  return {
    source,
    statusWriter: new KubeStatusWriter({ clients }),
    events,
    secrets: new KubeSecretReader(clients),
    finalizers: new KubeFinalizers(clients),
    listEvents: (key) => recent.list(key),
  };
}
