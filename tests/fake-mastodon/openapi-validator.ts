import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks answers against the Mastodon OpenAPI description in tests/fixtures/mastodon-openapi
 * (OpenAPI 3.1, so JSON Schema 2020-12). The whole document is registered once and each
 * response schema is compiled by JSON pointer, so `#/components/schemas/…` refs resolve.
 */

const SCHEMA_ID = 'mastodon-openapi.json';

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface ResponseValidator {
  /** Problems with `body` as the answer `status` of `operationId`; empty when it conforms. */
  check(operationId: string, status: number, body: unknown): string[];
  /** Whether the document describes a JSON body for that answer. */
  hasJsonSchema(operationId: string, status: number): boolean;
}

export function createResponseValidator(): ResponseValidator {
  const document = JSON.parse(
    readFileSync(new URL('../fixtures/mastodon-openapi/schema.json', import.meta.url), 'utf8'),
  ) as OpenApiDocument;
  // The document uses OpenAPI keywords (`example`, `externalDocs`, `deprecated`) inside
  // schemas and a custom `scopes` format, so strict mode is off and that format is declared.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat('scopes', true);
  ajv.addSchema(document as object, SCHEMA_ID);

  const operations = new Map<string, { path: string; method: string; operation: Operation }>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (operation.operationId) operations.set(operation.operationId, { path, method, operation });
    }
  }

  function locate(operationId: string, status: number) {
    const found = operations.get(operationId);
    if (!found) throw new Error(`The OpenAPI document has no operation ${operationId}.`);
    const response = found.operation.responses?.[String(status)];
    return { found, response };
  }

  return {
    hasJsonSchema(operationId, status) {
      return locate(operationId, status).response?.content?.['application/json']?.schema !== undefined;
    },
    check(operationId, status, body) {
      const { found, response } = locate(operationId, status);
      if (!response) return [`${operationId} documents no ${status} answer`];
      if (response.content?.['application/json']?.schema === undefined) return [`${operationId} ${status} documents no JSON body`];
      const pointer = ['paths', found.path, found.method, 'responses', String(status), 'content', 'application/json', 'schema']
        .map(pointerEscape)
        .join('/');
      const validate = ajv.getSchema(`${SCHEMA_ID}#/${pointer}`);
      if (!validate) return [`cannot compile the schema of ${operationId} ${status}`];
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    },
  };
}
