/**
 * Validates simulator responses against Atlassian's official Jira Cloud OpenAPI document, as vendored (trimmed to
 * the worklog-related paths) in test/fixtures/jira-openapi/ (its README says where it comes from), with openapi-backend
 * (ajv 8 underneath; see docs/jira-sim.md for why this library). v2 paths are validated against their v3 twins:
 * the only v2 difference is a plain-string `comment`, and `Worklog.comment` has no type in the document, so a
 * string passes as it is. Jira writes `date-time` values as `…+0530` (no colon), which RFC 3339 forbids; the
 * `date-time` format is replaced by one that accepts Jira's offsets, and everything else uses ajv-formats.
 */
import { readFile } from 'node:fs/promises';
import addFormats from 'ajv-formats';
import { OpenAPIBackend } from 'openapi-backend';
import type { Document } from 'openapi-backend';

export const OPENAPI_PATH = new URL('../../fixtures/jira-openapi/jira-openapi-v3.trimmed.json', import.meta.url);

const JIRA_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

export interface ConformanceResult {
  operationId: string | undefined;
  /** False when the document has no JSON schema for this status (nothing to check). */
  checked: boolean;
  errors: string[];
}

export interface JiraOpenApi {
  validate(method: string, path: string, status: number, body: unknown): ConformanceResult;
}

interface OperationLike {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

function hasSchema(operation: OperationLike, status: number): boolean {
  const responses = operation.responses ?? {};
  const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  const content = response?.content ?? {};
  return Object.values(content).some((media) => media.schema !== undefined);
}

export async function loadJiraOpenApi(): Promise<JiraOpenApi> {
  const definition = JSON.parse(await readFile(OPENAPI_PATH, 'utf8')) as Document;
  const api = new OpenAPIBackend({
    definition,
    quick: true,
    strict: false,
    ajvOpts: { strict: false },
    customizeAjv: (ajv) => {
      addFormats.default(ajv as never);
      ajv.addFormat('date-time', JIRA_DATE_TIME);
      return ajv;
    },
  });
  await api.init();
  return {
    validate(method, path, status, body) {
      const v3Path = path.replace(/^\/rest\/api\/2\//, '/rest/api/3/');
      const operation = api.matchOperation({ method, path: v3Path, headers: {} }) as OperationLike | undefined;
      if (operation === undefined) return { operationId: undefined, checked: false, errors: [] };
      if (!hasSchema(operation, status)) return { operationId: operation.operationId, checked: false, errors: [] };
      const result = api.validateResponse(body, operation as never, status);
      const errors = (result.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      return { operationId: operation.operationId, checked: true, errors };
    },
  };
}
