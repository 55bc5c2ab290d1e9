import { basicAuth } from '../../support/jira-sim.ts';

export interface SimResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface SimRequest {
  /** Email for Basic auth with `demo-token`; `null` sends no Authorization header. */
  as?: string | null;
  authorization?: string;
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  raw?: string;
  contentType?: string;
}

/** One real HTTP request to the simulator; the body is parsed when it is JSON. */
export async function simFetch(baseUrl: string, method: string, path: string, req: SimRequest = {}): Promise<SimResponse> {
  const headers: Record<string, string> = {};
  const as = req.as === undefined ? 'john.mcmullan@example.com' : req.as;
  if (req.authorization !== undefined) headers.authorization = req.authorization;
  else if (as !== null) headers.authorization = basicAuth(as);
  let payload: string | undefined;
  if (req.raw !== undefined) payload = req.raw;
  else if (req.body !== undefined) payload = JSON.stringify(req.body);
  if (payload !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseJson(text), text };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

export const STARTED = '2026-02-14T09:00:00.000+0100';

/** A minimal valid create body. */
export function worklogBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { started: STARTED, timeSpentSeconds: 3600, ...extra };
}
