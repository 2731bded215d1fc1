import type { JsonSchema } from "./schema-value.ts";

/** One operation of an OpenAPI 3 document, as the fuzzer reads it. */
export type ApiOperation = {
  /** `POST /api/v1/vms`: method and path template. */
  key: string;
  method: string;
  /** Path template with `{name}` parameters. */
  path: string;
  pathParams: Array<{ name: string; schema: JsonSchema }>;
  query: Array<{ name: string; schema: JsonSchema; required: boolean }>;
  /** The `application/json` request body schema, when the operation takes one. */
  body: JsonSchema | undefined;
};

/** An OpenAPI 3 document, as `GET /docs/json` serves it (the part read here). */
export type OpenApiDocument = {
  paths?: Record<string, Record<string, OpenApiOperationObject | unknown>>;
};
type OpenApiOperationObject = {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

const methods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * Every operation of an OpenAPI 3 document (`GET /docs/json`), sorted by key so the same
 * document and seed give the same requests.
 *
 * @example const operations = operationsOf(await (await fetch(`${url}/docs/json`)).json());
 */
export function operationsOf(doc: OpenApiDocument): ApiOperation[] {
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, raw] of Object.entries(item)) {
      if (!methods.has(method)) continue;
      const op = raw as OpenApiOperationObject;
      const parameters = op.parameters ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: parameters
          .filter((p) => p.in === "path")
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        query: parameters
          .filter((p) => p.in === "query")
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: p.required ?? false })),
        body: op.requestBody?.content?.["application/json"]?.schema,
      });
    }
  }
  return operations.sort((a, b) => a.key.localeCompare(b.key));
}
