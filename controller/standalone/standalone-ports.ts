/**
 * The ports of standalone mode: TractRepos from the manifests file, status in memory and the state
 * directory, events in a ring buffer, Secrets from files (`--secrets-dir`, watched: a changed Secret
 * retries the repos reading it at once) and then the environment.
 */
import type { Clock } from '../../shared/core/clock.ts';
import type { ModePorts } from '../assemble-controller.ts';
import type { ControllerConfig } from '../config.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { SecretReader } from '../api/ports.ts';
import { ChainedSecretReader } from '../secrets/chained-secret-reader.ts';
import { EnvSecretReader } from '../secrets/env-secret-reader.ts';
import { FileSecretReader } from '../secrets/file-secret-reader.ts';
import { FileStatusWriter } from './file-status-writer.ts';
import { ManifestSource } from './manifest-source.ts';
import { RingEventRecorder } from './ring-event-recorder.ts';
import { compileSpecValidator } from './validate-tract-repo.ts';

export interface StandalonePorts extends ModePorts {
  source: ManifestSource;
  statusWriter: FileStatusWriter;
  events: RingEventRecorder;
}

export interface StandaloneInput {
  config: Pick<ControllerConfig, 'manifests' | 'stateDir' | 'secretsDir'>;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  logger: Logger;
}

export function standalonePorts(input: StandaloneInput): StandalonePorts {
  const { config, clock, logger } = input;
  const readers: SecretReader[] = [];
  if (config.secretsDir) readers.push(new FileSecretReader(config.secretsDir));
  readers.push(new EnvSecretReader(input.env));
  const events = new RingEventRecorder({ clock, logger });
  return {
    source: new ManifestSource({
      file: config.manifests, stateDir: config.stateDir, validateSpec: compileSpecValidator(), logger, clock, ...(config.secretsDir ? { secretsDir: config.secretsDir } : {}),
    }),
    statusWriter: new FileStatusWriter(config.stateDir),
    events,
    secrets: new ChainedSecretReader(readers),
    listEvents: (key) => events.list(key),
  };
}
