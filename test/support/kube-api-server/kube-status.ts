/**
 * Kubernetes `Status` objects (k8s.io/apimachinery/pkg/api/errors) and the error that carries one out
 * of a handler. Messages follow the real API server's wording so that code matching on them in logs
 * (and people reading test output) see what a cluster would say.
 */

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown by handlers; the router answers with its Status. */
export class KubeStatusError extends Error {
  readonly status: KubeStatus;

  constructor(status: KubeStatus) {
    super(status.message ?? status.reason ?? 'Failure');
    this.status = status;
  }
}

/** The resource a Status talks about: `tractrepos.tract.dev` or `secrets`. */
export interface ResourceName {
  group: string;
  plural: string;
  kind: string;
}

const qualified = (r: ResourceName): string => (r.group === '' ? r.plural : `${r.plural}.${r.group}`);

export function failure(code: number, reason: string, message: string, details?: StatusDetails): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details }),
    code,
  };
}

export function success(details: StatusDetails): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}

export function notFound(r: ResourceName, name: string): KubeStatusError {
  return new KubeStatusError(
    failure(404, 'NotFound', `${qualified(r)} "${name}" not found`, { name, group: r.group, kind: r.plural }),
  );
}

export function alreadyExists(r: ResourceName, name: string): KubeStatusError {
  return new KubeStatusError(
    failure(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, { name, group: r.group, kind: r.plural }),
  );
}

export function conflict(r: ResourceName, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): KubeStatusError {
  return new KubeStatusError(
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`, {
      name,
      group: r.group,
      kind: r.plural,
    }),
  );
}

/** 422 with one cause per field error, worded like `field.ErrorList`. */
export function invalid(r: ResourceName, name: string, causes: StatusCause[]): KubeStatusError {
  const parts = causes.map((c) => (c.field === undefined ? c.message : `${c.field}: ${c.message}`));
  const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const groupKind = r.group === '' ? r.kind : `${r.kind}.${r.group}`;
  return new KubeStatusError(
    failure(422, 'Invalid', `${groupKind} "${name}" is invalid: ${list}`, { name, group: r.group, kind: r.kind, causes }),
  );
}

export function badRequest(message: string): KubeStatusError {
  return new KubeStatusError(failure(400, 'BadRequest', message));
}

export function gone(message: string): KubeStatusError {
  return new KubeStatusError(failure(410, 'Expired', message));
}

export function methodNotAllowed(message = 'the server does not allow this method on the requested resource'): KubeStatusError {
  return new KubeStatusError(failure(405, 'MethodNotAllowed', message));
}

export function unsupportedMediaType(accepted: string[]): KubeStatusError {
  return new KubeStatusError(
    failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`),
  );
}

export function resourceNotFound(): KubeStatusError {
  return new KubeStatusError(failure(404, 'NotFound', 'the server could not find the requested resource'));
}

export function unauthorized(): KubeStatusError {
  return new KubeStatusError(failure(401, 'Unauthorized', 'Unauthorized'));
}

export function namespaceNotFound(namespace: string): KubeStatusError {
  return new KubeStatusError(
    failure(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, group: '', kind: 'namespaces' }),
  );
}
