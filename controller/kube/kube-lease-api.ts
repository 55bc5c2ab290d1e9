/**
 * The Lease operations leader election needs (`coordination.k8s.io/v1`, RBAC: leases get, create,
 * update), behind a small port so the elector can be unit-tested with a fake. Times are sent as
 * MicroTime (six fractional digits), as the API server's Lease schema expects.
 */
import { V1MicroTime } from '@kubernetes/client-node';
import type { V1Lease } from '@kubernetes/client-node';
import { ConflictError } from '../../shared/core/tract-error.ts';
import { classifyKubeError, kubeStatusCode } from './classify-kube-error.ts';
import type { KubeClients } from './kube-clients.ts';

/** The leader election record kept in a Lease's spec. Times are ISO strings. */
export interface LeaseRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions: number;
  /** Where the holder takes webhooks and API calls (`http://<pod IP>:<port>`), kept in an annotation. */
  holderAddress?: string;
}

/** The Lease annotation with the holder's address (standbys forward to it: docs/operator-ha.md). */
export const HOLDER_ADDRESS_ANNOTATION = 'tract.dev/holder-address';

export interface StoredLease {
  record: LeaseRecord;
  resourceVersion: string;
}

export interface LeaseApi {
  /** The Lease, or undefined when it does not exist. */
  fetchLease(): Promise<StoredLease | undefined>;
  /** Creates it; ConflictError when someone else created it first. */
  createLease(record: LeaseRecord): Promise<StoredLease>;
  /** Replaces it if still at `resourceVersion`; ConflictError when it changed meanwhile. */
  replaceLease(record: LeaseRecord, resourceVersion: string): Promise<StoredLease>;
}

export class KubeLeaseApi implements LeaseApi {
  readonly #clients: Pick<KubeClients, 'coordination'>;
  readonly #namespace: string;
  readonly #name: string;

  constructor(clients: Pick<KubeClients, 'coordination'>, namespace: string, name: string) {
    this.#clients = clients;
    this.#namespace = namespace;
    this.#name = name;
  }

  async fetchLease(): Promise<StoredLease | undefined> {
    try {
      return stored(await this.#clients.coordination.readNamespacedLease({ namespace: this.#namespace, name: this.#name }));
    } catch (err) {
      if (kubeStatusCode(err) === 404) return undefined;
      throw classifyKubeError(err, `read Lease ${this.#namespace}/${this.#name}`);
    }
  }

  async createLease(record: LeaseRecord): Promise<StoredLease> {
    try {
      return stored(await this.#clients.coordination.createNamespacedLease({ namespace: this.#namespace, body: this.#lease(record) }));
    } catch (err) {
      throw this.#classify(err, 'create');
    }
  }

  async replaceLease(record: LeaseRecord, resourceVersion: string): Promise<StoredLease> {
    try {
      const body = this.#lease(record, resourceVersion);
      return stored(await this.#clients.coordination.replaceNamespacedLease({ namespace: this.#namespace, name: this.#name, body }));
    } catch (err) {
      throw this.#classify(err, 'update');
    }
  }

  #classify(err: unknown, verb: string): Error {
    const action = `${verb} Lease ${this.#namespace}/${this.#name}`;
    const code = kubeStatusCode(err);
    if (code === 409) return new ConflictError(`Another replica changed Lease ${this.#namespace}/${this.#name} first`, { reason: 'LeaseConflict', cause: err });
    return classifyKubeError(err, action);
  }

  #lease(record: LeaseRecord, resourceVersion?: string): V1Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.#name, namespace: this.#namespace, ...(resourceVersion ? { resourceVersion } : {}),
        ...(record.holderAddress ? { annotations: { [HOLDER_ADDRESS_ANNOTATION]: record.holderAddress } } : {}),
      },
      spec: {
        holderIdentity: record.holderIdentity,
        leaseDurationSeconds: record.leaseDurationSeconds,
        leaseTransitions: record.leaseTransitions,
        ...(record.acquireTime ? { acquireTime: new V1MicroTime(record.acquireTime) } : {}),
        ...(record.renewTime ? { renewTime: new V1MicroTime(record.renewTime) } : {}),
      },
    };
  }
}

function stored(lease: V1Lease): StoredLease {
  const spec = lease.spec ?? {};
  const time = (value: unknown): string | undefined => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : undefined);
  const acquireTime = time(spec.acquireTime);
  const renewTime = time(spec.renewTime);
  return {
    record: {
      holderIdentity: spec.holderIdentity ?? '',
      leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
      leaseTransitions: spec.leaseTransitions ?? 0,
      ...(acquireTime ? { acquireTime } : {}),
      ...(renewTime ? { renewTime } : {}),
      ...holderAddressOf(lease),
    },
    resourceVersion: lease.metadata?.resourceVersion ?? '',
  };
}

function holderAddressOf(lease: V1Lease): { holderAddress?: string } {
  const holderAddress = lease.metadata?.annotations?.[HOLDER_ADDRESS_ANNOTATION];
  return holderAddress ? { holderAddress } : {};
}
