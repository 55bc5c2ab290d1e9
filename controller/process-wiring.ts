/**
 * What both entry points — main.ts (standalone) and operator/main.ts — share around `assembleController`:
 * the process's clock, timers and git environment, starting the controller, listening, and the
 * shutdown sequence. The modes differ only in their ports, their readiness and what else they stop.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mergeDriverCommand } from './assemble-controller.ts';
import type { AssembleInput, Assembled } from './assemble-controller.ts';
import type { ControllerConfig } from './config.ts';
import type { Logger } from './logging/create-logger.ts';
import { systemTimers } from './workqueue/timers.ts';

export type ProcessWiring = Pick<AssembleInput, 'clock' | 'timers' | 'siteTime' | 'gitEnv' | 'mergeDriver' | 'version'>;

/** The real clock, timers and Jira pacing time, this process's environment for git, and this Node as the merge driver. */
export function processWiring(env: Readonly<Record<string, string | undefined>>, version: string): ProcessWiring {
  return {
    clock: { now: () => new Date() },
    timers: systemTimers,
    siteTime: { nowMs: () => performance.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random },
    gitEnv: env,
    mergeDriver: mergeDriverCommand(process.execPath),
    version,
  };
}

/** Starts the reconcile loop and the Jira intake. */
export async function startAssembled(assembled: Assembled): Promise<void> {
  await assembled.controller.start();
  assembled.inbound.start();
}

/** Listens on the configured host and port; resolves with the port actually bound (0 picks one). */
export async function listen(server: Server, config: ControllerConfig): Promise<number> {
  server.listen(config.port, config.host);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Stops taking work, waits for running passes (at most `shutdownTimeoutMs`), then stops the Jira intake. */
export async function stopAssembled(assembled: Assembled, config: ControllerConfig, logger: Logger): Promise<void> {
  const finished = await assembled.controller.stop(config.shutdownTimeoutMs);
  await assembled.inbound.stop();
  if (!finished) logger.warn('passes still running at shutdown: they resume from the state journal at the next start');
}
