import fc from "fast-check";
import { hostileShapes, hostileStrings, hostileValue } from "./hostile-values.ts";
import { jsonText, RawJson } from "./json-text.ts";
import type { ApiOperation } from "./openapi-operations.ts";
import { type JsonSchema, schemaValue } from "./schema-value.ts";

/** A path parameter: one of the ids that exist when the request is sent, or this text as is. */
export type ParamChoice = { known: number } | { text: string };

/** One generated request, before the ids and sessions that exist at send time are put in. */
export type FuzzRequestPlan = {
  operation: string;
  method: string;
  /** Path template (`{name}` filled from `params`), or a whole raw URL when `rawUrl` is set. */
  path: string;
  params: Record<string, ParamChoice>;
  rawUrl: string | undefined;
  query: string;
  /** Index into the run's authorization choices (0: none). */
  auth: number;
  headers: Record<string, string>;
  body: string | undefined;
  remoteAddress: string;
  /** What was made hostile, for the report. */
  note: string;
};

/** Options of {@link fuzzRequestPlan}. */
export type FuzzRequestPlanOptions = {
  operations: readonly ApiOperation[];
  /** How many authorization choices the run has (index 0 is "no header"). */
  authChoices: number;
  /** Bodies known to pass validation per operation key (e.g. a paid create with a real offer). */
  validBodies?: Record<string, readonly unknown[]>;
  /** How often an operation is picked relative to the others (1 by default). */
  operationWeights?: Record<string, number>;
  /** The Host header most requests carry. */
  host: string;
  remoteAddresses: readonly string[];
};

const oddMethods = [
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
  "TRACE",
  "PROPFIND",
  "SEARCH",
];
const contentTypes = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/JSON",
  "application/json, text/plain",
  "application/octet-stream",
  "*/*",
];
const badJson = [
  "",
  "{",
  "}",
  "[",
  "nul",
  '{"a":}',
  "{'a':1}",
  "\u0000",
  "\ufeff{}",
  "{}{}",
  "[1,]",
];
const hostileParams = [
  "%zz",
  "%",
  "%00",
  "..",
  "%2e%2e%2f%2e%2e%2f",
  "a".repeat(65),
  "a".repeat(1_000),
  encodeURIComponent("é𝕏💥"),
  "%20",
  "VM-UPPER",
  "-",
  "vm-",
  "%C3%28",
  "%F0%9F%92",
];
const extraHeaders: Array<Record<string, string>> = [
  { origin: "https://evil.example" },
  { origin: "null", "access-control-request-method": "DELETE" },
  { "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "evil.example" },
  { accept: "text/html" },
  { "content-encoding": "gzip" },
  { "accept-encoding": "br;q=2, *;q=-1" },
  { host: "evil.example" },
  { host: "[::1]:7466" },
  { cookie: `${"a=b; ".repeat(500)}` },
];

type Leaf = { path: string[]; schema: JsonSchema; value: unknown };

const isObject = (value: unknown) =>
  Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** Every place in `value` a hostile value can go, with the schema it should meet there. */
function placesOf(value: unknown, schema: JsonSchema, path: string[] = []): Leaf[] {
  const here: Leaf = { path, schema, value };
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const properties = schema.properties ?? {};
    const keys = new Set([...Object.keys(value), ...Object.keys(properties)]);
    return [
      here,
      ...[...keys].flatMap((key) =>
        placesOf((value as Record<string, unknown>)[key], properties[key] ?? {}, [...path, key]),
      ),
    ];
  }
  return [here];
}

function setAt(value: unknown, path: string[], replacement: unknown | typeof remove): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  const base =
    value && typeof value === "object" && !Array.isArray(value)
      ? { ...(value as Record<string, unknown>) }
      : {};
  const next = setAt(base[head], rest, replacement);
  if (next === remove) delete base[head];
  else base[head] = next;
  return base;
}
const remove = Symbol("remove");

const bodyArbitrary = (
  op: ApiOperation,
  valid: readonly unknown[],
): fc.Arbitrary<{ body: string | undefined; contentType: string | undefined; note: string }> => {
  const json = (value: unknown, note: string) => ({
    body: jsonText(value),
    contentType: "application/json",
    note,
  });
  if (!op.body) {
    return fc.oneof(
      {
        weight: 12,
        arbitrary: fc.constant({ body: undefined, contentType: undefined, note: "no body" }),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...hostileShapes)
          .map((v) => json(v, "body on a route without one")),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...badJson).map((b) => ({
          body: b,
          contentType: "application/json",
          note: "bad JSON on a route without a body",
        })),
      },
    );
  }
  const schema = op.body;
  const base: fc.Arbitrary<unknown> =
    valid.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...valid) },
          { weight: 1, arbitrary: schemaValue(schema) },
        )
      : schemaValue(schema);
  const oneField = base.chain((value) =>
    // Leaves (where uints, strings and ids sit) three times as often as whole objects.
    fc
      .constantFrom(
        ...placesOf(value, schema).flatMap((p) => (isObject(p.value) ? [p] : [p, p, p])),
      )
      .chain((place) =>
        hostileValue(place.schema).map((hostile) =>
          json(setAt(value, place.path, hostile), `${place.path.join(".") || "(body)"} hostile`),
        ),
      ),
  );
  const missing = base.chain((value) =>
    fc
      .constantFrom(...placesOf(value, schema).filter((p) => p.path.length > 0))
      .map((place) => json(setAt(value, place.path, remove), `${place.path.join(".")} missing`)),
  );
  const extra = fc
    .tuple(
      base,
      fc.constantFrom("__proto__", "constructor", "x", "prototype", ""),
      fc.constantFrom(...hostileStrings),
    )
    .map(([value, key, v]) => {
      const body = jsonText(value);
      const text =
        body.startsWith("{") && body.length > 2
          ? `{${JSON.stringify(key)}:${JSON.stringify(v)},${body.slice(1)}`
          : body;
      return {
        body: text,
        contentType: "application/json",
        note: `extra field ${JSON.stringify(key)}`,
      };
    });
  return fc.oneof(
    { weight: 2, arbitrary: base.map((v) => json(v, "valid body")) },
    { weight: 8, arbitrary: oneField },
    { weight: 2, arbitrary: missing },
    { weight: 1, arbitrary: extra },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...hostileShapes).map((v) => json(v, "body of another shape")),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...badJson)
        .map((b) => ({ body: b, contentType: "application/json", note: "bad JSON" })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(base, fc.constantFrom(...contentTypes, undefined))
        .map(([v, contentType]) => ({
          body: jsonText(v),
          contentType,
          note: `content-type ${contentType}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constant(
        json(new RawJson(`{"a":"${"x".repeat(100_000)}"}`), "body over the limit"),
      ),
    },
  );
};

const rawUrls = (op: ApiOperation) => {
  const path = op.path.replaceAll(/\{[^}]+\}/g, "x");
  return [
    `${path}//`,
    `/${path}`,
    path.toUpperCase(),
    `${path}/..%2f..%2fdocs`,
    `${path}%00`,
    `${path};jsessionid=1`,
    `${path}?${"a=1&".repeat(3_000)}`,
    `/api/v1/${"a/".repeat(3_000)}`,
    "/%",
    "/api/v1/vms/%zz",
    "/api/v1/vms/%zz/stop",
    "*",
    "/docs/%zz",
    "/docs/static/..%2f..%2fpackage.json",
    "/docs/json?x=%zz",
    "/api/v1/vms/%E0%A4%A",
    "/api/v2/vms",
    "/",
  ];
};

/**
 * Requests for an API from its OpenAPI operations: mostly each operation with one field, a
 * parameter or a header made hostile (boundary values from its schema, wrong types, huge and
 * Unicode strings, control characters, 78-digit numbers, bad JSON, wrong content types), and
 * sometimes an odd method, a malformed URL or a route that does not exist.
 *
 * @example const plans = fc.sample(fuzzRequestPlan({ operations, authChoices: 4, host, remoteAddresses }), { seed, numRuns: 5000 });
 */
export function fuzzRequestPlan(options: FuzzRequestPlanOptions): fc.Arbitrary<FuzzRequestPlan> {
  // One arbitrary per operation, built once (regex-based generators are costly to build).
  return fc.oneof(
    ...options.operations.map((op) => ({
      weight: options.operationWeights?.[op.key] ?? 1,
      arbitrary: operationPlan(op, options),
    })),
  );
}

const lookingLikeAnId = fc.stringMatching(/^vm-[0-9a-f]{12}$/);
const queries = fc.oneof(
  { weight: 10, arbitrary: fc.constant("") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "?%zz=%zz",
      "?a[b]=c&a[b]=d",
      "?__proto__[x]=1",
      `?q=${"%41".repeat(2_000)}`,
      "?&&&",
      "?=",
    ),
  },
);

function operationPlan(
  op: ApiOperation,
  options: FuzzRequestPlanOptions,
): fc.Arbitrary<FuzzRequestPlan> {
  const params: fc.Arbitrary<Record<string, ParamChoice>> = fc.record(
    Object.fromEntries(
      op.pathParams.map((p) => [
        p.name,
        fc.oneof(
          { weight: 4, arbitrary: fc.nat(50).map((known): ParamChoice => ({ known })) },
          { weight: 1, arbitrary: lookingLikeAnId.map((text): ParamChoice => ({ text })) },
          {
            weight: 2,
            arbitrary: fc.constantFrom(...hostileParams).map((text): ParamChoice => ({ text })),
          },
        ),
      ]),
    ),
  );
  return fc
    .record({
      method: fc.oneof(
        { weight: 12, arbitrary: fc.constant(op.method) },
        { weight: 1, arbitrary: fc.constantFrom(...oddMethods) },
      ),
      rawUrl: fc.oneof(
        { weight: 14, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...rawUrls(op)) },
      ),
      params,
      query: queries,
      auth: fc.oneof(
        { weight: 1, arbitrary: fc.constant(0) },
        { weight: 4, arbitrary: fc.nat(options.authChoices - 1) },
      ),
      extra: fc.oneof(
        { weight: 10, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.constantFrom(...extraHeaders) },
      ),
      body: bodyArbitrary(op, options.validBodies?.[op.key] ?? []),
      remoteAddress: fc.constantFrom(...options.remoteAddresses),
    })
    .map(({ method, rawUrl, params, query, auth, extra, body, remoteAddress }) => ({
      operation: op.key,
      method,
      path: op.path,
      params,
      rawUrl,
      query,
      auth,
      headers: {
        host: options.host,
        ...(body.contentType === undefined ? {} : { "content-type": body.contentType }),
        ...extra,
      },
      body: body.body,
      remoteAddress,
      note: [
        body.note,
        method !== op.method && `method ${method}`,
        rawUrl !== undefined && `url ${rawUrl.slice(0, 60)}`,
        query && `query ${query.slice(0, 40)}`,
        Object.keys(extra).length > 0 && `headers ${Object.keys(extra).join(",")}`,
      ]
        .filter(Boolean)
        .join("; "),
    }));
}

/** What a plan becomes once the ids and sessions of the moment are known. */
export type FuzzRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  remoteAddress: string;
};

/**
 * Fills a plan's parameters with ids that exist now (`known[name]`, picked by index) and its
 * authorization with the run's choice.
 */
export function resolvePlan(
  plan: FuzzRequestPlan,
  runtime: {
    authorizations: ReadonlyArray<string | undefined>;
    known: Record<string, readonly string[]>;
  },
): FuzzRequest {
  const url =
    plan.rawUrl ??
    `${plan.path.replaceAll(/\{([^}]+)\}/g, (_m, name: string) => {
      const choice = plan.params[name];
      if (!choice) return "x";
      if ("text" in choice) return choice.text;
      const pool = runtime.known[name] ?? [];
      return pool.length > 0
        ? encodeURIComponent(pool[choice.known % pool.length] as string)
        : "vm-000000000000";
    })}${plan.query}`;
  const authorization = runtime.authorizations[plan.auth % runtime.authorizations.length];
  return {
    method: plan.method,
    url,
    headers: { ...plan.headers, ...(authorization === undefined ? {} : { authorization }) },
    body: plan.body,
    remoteAddress: plan.remoteAddress,
  };
}
