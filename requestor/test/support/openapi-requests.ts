import fc from "fast-check";

/** The part of a JSON schema (as @fastify/swagger writes it from zod) the generator reads. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
};

type Operation = {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

/** An OpenAPI 3 document, as `GET /docs/json` serves it. */
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

/** One generated request; `body` is sent as is (text), `contentType` as the header if set. */
export type FuzzRequest = {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string | undefined;
  /** Which credentials and browser headers it carries. */
  auth: "token" | "none" | "wrong" | "malformed";
  host: "bound" | "rebound";
  origin: string | undefined;
};

/** Values the caller knows to be real (names of existing VMs, the provider), mixed in so some requests reach real actions. */
export type FuzzPools = Record<string, readonly unknown[]>;

const huge = "x".repeat(100_000);
const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  maxLength: 20,
});

/** Boundary and wrong-typed values of any kind: what a hostile caller tries in every field. */
export const boundaryValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    huge,
    "0",
    "-1",
    "NaN",
    "Infinity",
    "1e309",
    "null",
    "true",
    "%zz",
    "../../etc/passwd",
    "$(id)",
    "\u202e",
    "ünïcödé 東京 🚀",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  controlChars,
  fc.constantFrom(
    0,
    -1,
    1,
    2 ** 31,
    2 ** 53 + 1,
    -(2 ** 53),
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    0.5,
    1.5,
    -0.0001,
    1e21,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(true, false, null),
  fc.constant([]),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** A value for `schema`: mostly one that fits (with its edges), sometimes a boundary one. */
export function valueFor(
  schema: JsonSchema,
  name: string,
  pools: FuzzPools,
): fc.Arbitrary<unknown> {
  const pool = pools[name];
  const fitting = fittingValue(schema);
  return fc.oneof(
    { arbitrary: pool && pool.length > 0 ? fc.constantFrom(...pool) : fitting, weight: 4 },
    { arbitrary: fitting, weight: 3 },
    { arbitrary: boundaryValue, weight: 3 },
  );
}

function fittingValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf && schema.anyOf.length > 0) return fc.oneof(...schema.anyOf.map(fittingValue));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "integer" || type === "number") {
    const min = schema.minimum ?? -1000;
    const max = schema.maximum ?? 1000;
    const edges = fc.constantFrom(min, max, min - 1, max + 1, Math.floor((min + max) / 2));
    const inside =
      type === "integer"
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 2 ** 31)) })
        : fc.double({ min, max, noNaN: true });
    return fc.oneof(edges, inside);
  }
  if (type === "boolean") return fc.boolean();
  if (type === "object") return objectFor(schema, {});
  if (type === "array") return fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 });
  if (schema.pattern) {
    return fc.oneof(fc.stringMatching(new RegExp(schema.pattern)), fc.constant(""));
  }
  // Loopback only: a fuzz run sends nothing off this machine (closed ports, odd paths).
  if (schema.format === "uri") {
    return fc
      .tuple(
        fc.constantFrom("http://127.0.0.1:9", "https://[::1]:1", "http://127.0.0.2:1"),
        fc.webPath(),
        fc.webFragments(),
      )
      .map(([origin, path, fragment]) => `${origin}${path}#${fragment}`);
  }
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 80;
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.min(max, 80) }),
    fc.constantFrom("a".repeat(Math.min(max, 100_000)), "a".repeat(Math.min(max + 1, 100_001))),
  );
}

/** An object for `schema`: each property fitting, boundary or left out, sometimes an extra one. */
export function objectFor(
  schema: JsonSchema,
  pools: FuzzPools,
): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(schema.properties ?? {});
  const fields = entries.map(([key, sub]) =>
    fc.option(valueFor(sub, key, pools), { freq: 6, nil: undefined }).map((v) => [key, v] as const),
  );
  const extra = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    {
      arbitrary: fc.tuple(fc.constantFrom("cloudInitFile", "__proto__", "yes", "x"), boundaryValue),
      weight: 1,
    },
  );
  return fc.tuple(fc.tuple(...fields), extra).map(([pairs, more]) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of pairs) if (value !== undefined) out[key] = value;
    if (more) Object.defineProperty(out, more[0], { value: more[1], enumerable: true });
    return out;
  });
}

/**
 * An object that fits `schema`, every property from the pools where the caller gave one (so
 * it reaches the real action), at most one property swapped for a boundary value.
 */
export function validObjectFor(
  schema: JsonSchema,
  pools: FuzzPools,
): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = entries.map(([key, sub]) => {
    const pool = pools[key];
    const value = pool && pool.length > 0 ? fc.constantFrom(...pool) : fittingValue(sub);
    // Optional fields without a pool are left out: random text there rarely fits.
    const keep = required.has(key) || (pool !== undefined && pool.length > 0) ? 1 : 0;
    return fc
      .tuple(fc.constant(key), value, fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([k, v, roll]) => [k, roll < keep ? v : undefined] as const);
  });
  const swap = fc.option(fc.tuple(fc.nat(Math.max(entries.length - 1, 0)), boundaryValue), {
    freq: 2,
    nil: undefined,
  });
  return fc.tuple(fc.tuple(...fields), swap).map(([pairs, change]) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of pairs) if (value !== undefined) out[key] = value;
    const key = change && entries[change[0]]?.[0];
    if (change && key !== undefined) out[key] = change[1];
    return out;
  });
}

/** Raw bodies no schema describes: bad JSON, other media, prototype pollution, deep nesting. */
const rawBodies = fc.constantFrom(
  "{",
  '{"name":',
  "[]",
  "null",
  '"text"',
  "1",
  '{"cpu": 1e309, "hours": -0}',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  "[".repeat(50_000),
  `{"name": "${huge}"}`,
  "\u0000\u0001",
  "name=web-1&cpu=1",
);
const contentTypes = fc.constantFrom(
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "",
  undefined,
);

/** A generated value as URL text (objects as JSON: some have no prototype to call toString on). */
const asText = (value: unknown) =>
  typeof value === "string" ? value : (JSON.stringify(value) ?? "");

/** A path parameter: a pool value, a schema value, or something no router expects. */
const oddSegment = fc.constantFrom(
  "%zz",
  "%",
  "%00",
  "..",
  "%2e%2e",
  "a%2Fb",
  "ünï",
  "a".repeat(5000),
  "",
  "%F0%9F%9A%80",
  "0x%C0%AF",
);

/** Whole URLs a router may choke on. */
const oddUrls = fc.constantFrom(
  "/api/v1/vms/%zz",
  "/api/v1/%",
  "//api//v1//vms",
  "/api/v1/vms/..%2f..%2fetc%2fpasswd",
  `/api/v1/vms?${"q=1&".repeat(2000)}`,
  "/docs/%zz",
  "/docs/static/../../package.json",
  "/",
  "*",
  "/api/v1/vms/a%2Fb/stop",
  "/api/v1/streams/%E2%80%AE/topup",
  "/api/v2/vms",
);

/**
 * Requests for every operation of an OpenAPI document (fast-check, so a seed replays them):
 * path and query parameters and JSON bodies from each schema with boundary values, missing
 * and extra fields, wrong types; raw bad bodies and media types; odd methods and URLs; and
 * credentials and browser headers varied (mostly the real token, so real actions run).
 *
 * @example
 * const requests = fc.sample(requestsFor(doc, { name: ["web-1"] }), { seed: 42, numRuns: 5000 });
 */
export function requestsFor(doc: OpenApiDocument, pools: FuzzPools): fc.Arbitrary<FuzzRequest> {
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const fromSchema = fc.oneof(
    ...operations.map(({ path, method, op }) => {
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === "path");
      const query = params.filter((p) => p.in === "query");
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const segment = (name: string, schema: JsonSchema | undefined) =>
        fc.oneof(
          {
            arbitrary: valueFor(schema ?? {}, name, pools).map((v) =>
              encodeURIComponent(asText(v)),
            ),
            weight: 4,
          },
          { arbitrary: oddSegment, weight: 1 },
        );
      return fc
        .record({
          segments: fc.tuple(...pathParams.map((p) => segment(p.name, p.schema))),
          query: fc.tuple(
            ...query.map((p) =>
              fc.option(valueFor(p.schema ?? {}, p.name, pools), { nil: undefined }),
            ),
          ),
          body: bodySchema
            ? fc.oneof(
                {
                  arbitrary: objectFor(bodySchema, pools).map((b) => JSON.stringify(b)),
                  weight: 5,
                },
                {
                  arbitrary: validObjectFor(bodySchema, pools).map((b) => JSON.stringify(b)),
                  weight: 3,
                },
                { arbitrary: rawBodies, weight: 2 },
              )
            : fc.oneof(
                { arbitrary: fc.constant(undefined), weight: 4 },
                { arbitrary: rawBodies, weight: 1 },
              ),
          contentType: fc.oneof(
            { arbitrary: fc.constant("application/json"), weight: 8 },
            { arbitrary: contentTypes, weight: 2 },
          ),
          method: fc.oneof(
            { arbitrary: fc.constant(method), weight: 12 },
            {
              arbitrary: fc.constantFrom(
                "PUT",
                "PATCH",
                "OPTIONS",
                "HEAD",
                "PROPFIND",
                "TRACE",
                "GET",
                "POST",
                "DELETE",
              ),
              weight: 1,
            },
          ),
        })
        .map(({ segments, query: values, body, contentType, method: m }) => {
          let url = path;
          pathParams.forEach((p, i) => {
            url = url.replace(`{${p.name}}`, segments[i] ?? "");
          });
          const q = query.flatMap((p, i) =>
            values[i] === undefined ? [] : [`${p.name}=${encodeURIComponent(asText(values[i]))}`],
          );
          if (q.length > 0) url += `?${q.join("&")}`;
          const sendsBody = body !== undefined && m !== "GET" && m !== "HEAD";
          return {
            method: m,
            path: url,
            body: sendsBody ? body : undefined,
            contentType: sendsBody ? contentType : undefined,
          };
        });
    }),
  );
  const odd = fc
    .record({
      method: fc.constantFrom("GET", "POST", "DELETE", "PUT", "OPTIONS"),
      path: oddUrls,
      body: fc.option(rawBodies, { nil: undefined }),
      contentType: contentTypes,
    })
    .map((r) => ({ ...r, body: r.method === "GET" ? undefined : r.body }));
  return fc
    .record({
      base: fc.oneof({ arbitrary: fromSchema, weight: 9 }, { arbitrary: odd, weight: 1 }),
      auth: fc.oneof(
        { arbitrary: fc.constant("token" as const), weight: 17 },
        {
          arbitrary: fc.constantFrom("none" as const, "wrong" as const, "malformed" as const),
          weight: 3,
        },
      ),
      host: fc.oneof(
        { arbitrary: fc.constant("bound" as const), weight: 19 },
        { arbitrary: fc.constant("rebound" as const), weight: 1 },
      ),
      origin: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 19 },
        {
          arbitrary: fc.constantFrom("https://evil.example", "null", "http://127.0.0.1"),
          weight: 1,
        },
      ),
    })
    .map(({ base, auth, host, origin }) => ({ ...base, auth, host, origin }));
}
