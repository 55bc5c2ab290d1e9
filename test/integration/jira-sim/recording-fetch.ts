/**
 * Records every response to URLs under `prefix` that goes through `globalThis.fetch` (jira.js v6 uses the
 * global fetch and has no response hook), so each body the simulator sent to jira.js can be validated
 * against the OpenAPI document afterwards. Install in `before`, restore in `after`.
 */
export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface FetchRecorder {
  /** Waits for pending body reads, then returns and forgets what was recorded. */
  take(): Promise<RecordedResponse[]>;
  restore(): void;
}

export function recordFetch(prefix: string): FetchRecorder {
  const original = globalThis.fetch;
  let pending: Promise<RecordedResponse>[] = [];
  const recorder = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await original(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.href.startsWith(prefix)) {
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      pending.push(
        response
          .clone()
          .text()
          .then((text) => ({ method, path: url.pathname, status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) })),
      );
    }
    return response;
  };
  globalThis.fetch = recorder as typeof fetch;
  return {
    async take() {
      const taken = await Promise.all(pending);
      pending = [];
      return taken;
    },
    restore() {
      globalThis.fetch = original;
    },
  };
}
