import type { TractConfig } from '../config/load-config.ts';
import { SyncServerClient, type Health } from './sync-server-client.ts';

/** Where the sync server stands for this command: off by config, or a client to talk to. */
export type SyncTarget = { kind: 'disabled'; why: string } | { kind: 'server'; client: SyncServerClient };

export type ServerCheck =
  | { kind: 'disabled'; why: string }
  | { kind: 'unreachable'; client: SyncServerClient; reason: string }
  | { kind: 'reachable'; client: SyncServerClient; version: string };

/** `sync.enabled: false` wins over any server setting (docs/cli.md, "Configuration"). */
export function syncTarget(config: TractConfig): SyncTarget {
  if (!config.sync.enabled) return { kind: 'disabled', why: 'sync.enabled is false' };
  if (config.sync.server === undefined) return { kind: 'disabled', why: 'no sync server configured' };
  const token = config.sync.token;
  return { kind: 'server', client: new SyncServerClient({ baseUrl: config.sync.server, ...(token ? { token } : {}) }) };
}

export async function checkServer(target: SyncTarget): Promise<ServerCheck> {
  if (target.kind === 'disabled') return target;
  const health: Health = await target.client.fetchHealth();
  return health.reachable
    ? { kind: 'reachable', client: target.client, version: health.version }
    : { kind: 'unreachable', client: target.client, reason: health.reason };
}
