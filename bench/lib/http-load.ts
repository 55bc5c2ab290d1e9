import { Agent, request } from 'node:http';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  elapsedMs: number;
  latenciesMs: number[];
  statuses: Map<number, number>;
}

/**
 * Sends `count` requests with `concurrency` in flight over keep-alive connections (node:http, no extra
 * client overhead) and measures the whole run and each request.
 */
export async function runHttpLoad(baseUrl: string, count: number, concurrency: number, next: (i: number) => LoadRequest): Promise<LoadResult> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  const statuses = new Map<number, number>();
  let issued = 0;
  const one = (req: LoadRequest): Promise<void> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const r = request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          latenciesMs.push(performance.now() - started);
          statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
          resolve();
        });
      });
      r.on('error', reject);
      r.end(req.body);
    });
  const worker = async (): Promise<void> => {
    while (issued < count) await one(next(issued++));
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - start;
  agent.destroy();
  return { elapsedMs, latenciesMs, statuses };
}
