/**
 * Watch streams: chunked NDJSON `{"type":…,"object":…}` lines, as the API server writes them.
 * A watch without a resourceVersion (or "0") starts with an ADDED event per existing object; one with a
 * resourceVersion replays the kept history after it, or fails with 410 Gone when that history is gone —
 * as an in-stream ERROR event (what kube-apiserver's watch cache does) or as an HTTP 410, per `goneMode`.
 * Objects entering or leaving a label selector arrive as ADDED or DELETED, as on a real server.
 */
import type { ServerResponse } from 'node:http';
import { badRequest, failure, type KubeStatus } from './kube-status.ts';
import type { Change, KubeObject, ObjectStore } from './object-store.ts';
import { apiVersionOf, resourceId, type ResourceType } from './resource-types.ts';
import { matchesFields, matchesLabels, type FieldRequirement, type LabelRequirement } from './selectors.ts';

export type GoneMode = 'event' | 'http';

export interface WatchRequest {
  resource: ResourceType;
  namespace: string | undefined;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  resourceVersion: string | undefined;
  timeoutSeconds: number | undefined;
  allowBookmarks: boolean;
}

interface OpenStream {
  res: ServerResponse;
  request: WatchRequest;
  close(): void;
}

export class WatchHub {
  goneMode: GoneMode;
  private readonly streams = new Set<OpenStream>();
  private readonly store: ObjectStore;

  constructor(store: ObjectStore, goneMode: GoneMode) {
    this.store = store;
    this.goneMode = goneMode;
  }

  /** Answers a watch request; the response stays open until timeout, client close or `breakAll`. */
  serve(res: ServerResponse, request: WatchRequest): void {
    const id = resourceId(request.resource);
    const backlog = this.backlog(id, request);
    if (backlog === 'gone') {
      this.answerGone(res, request.resourceVersion ?? '');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const send = (type: string, object: unknown): void => {
      if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
    };
    for (const [type, object] of backlog) send(type, object);
    const unsubscribe = this.store.subscribe((change) => {
      if (change.resource !== id) return;
      const translated = translate(change, request);
      if (translated !== undefined) send(translated[0], translated[1]);
    });
    const timer = request.timeoutSeconds === undefined ? undefined : setTimeout(() => stream.close(), request.timeoutSeconds * 1000);
    const stream: OpenStream = {
      res,
      request,
      close: () => {
        unsubscribe();
        if (timer !== undefined) clearTimeout(timer);
        this.streams.delete(stream);
        if (!res.writableEnded) res.end();
      },
    };
    this.streams.add(stream);
    res.on('close', () => stream.close());
  }

  private backlog(id: string, request: WatchRequest): [string, KubeObject][] | 'gone' {
    const rv = request.resourceVersion;
    if (rv === undefined || rv === '' || rv === '0') {
      const initial = this.store.list(id, request.namespace).filter((o) => matches(o, request));
      return initial.map((o) => ['ADDED', o]);
    }
    if (!/^[0-9]+$/.test(rv)) throw badRequest(`invalid resource version: ${rv}`);
    const changes = this.store.changesSince(id, Number(rv));
    if (changes === 'gone') return 'gone';
    return changes.map((c) => translate(c, request)).filter((t): t is [string, KubeObject] => t !== undefined);
  }

  private answerGone(res: ServerResponse, rv: string): void {
    const status: KubeStatus = failure(410, 'Expired', `too old resource version: ${rv} (${this.store.oldestResumableRevision})`);
    if (this.goneMode === 'http') {
      res.writeHead(410, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(status));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
  }

  /** Ends every open watch cleanly (clients reconnect from their last resourceVersion). */
  breakAll(): number {
    const open = [...this.streams];
    for (const stream of open) stream.close();
    return open.length;
  }

  /** Sends a BOOKMARK with the current resourceVersion to every watch that allowed bookmarks. */
  sendBookmarks(): void {
    for (const { res, request } of this.streams) {
      if (!request.allowBookmarks || res.writableEnded) continue;
      const object = {
        kind: request.resource.kind,
        apiVersion: apiVersionOf(request.resource),
        metadata: { resourceVersion: String(this.store.currentRevision) },
      };
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object })}\n`);
    }
  }

  get openCount(): number {
    return this.streams.size;
  }
}

function matches(object: KubeObject | undefined, request: WatchRequest): boolean {
  if (object === undefined) return false;
  if (request.namespace !== undefined && object.metadata.namespace !== request.namespace) return false;
  return matchesLabels(object, request.labels) && matchesFields(object, request.fields);
}

/** The event a watcher with these selectors sees for `change`, if any. */
function translate(change: Change, request: WatchRequest): [string, KubeObject] | undefined {
  const now = matches(change.object, request);
  const before = matches(change.previous, request);
  if (change.type === 'DELETED') return before || now ? ['DELETED', change.object] : undefined;
  if (change.type === 'ADDED') return now ? ['ADDED', change.object] : undefined;
  if (now) return [before ? 'MODIFIED' : 'ADDED', change.object];
  return before ? ['DELETED', change.object] : undefined;
}
