import fc from "fast-check";
import { bodyPlan } from "./body-plan.ts";
import { hostileValue } from "./hostile-values.ts";
import type { ApiOperation } from "./openapi-operations.ts";
import {
  extraHeaders,
  hostileParams,
  hostileQueries,
  oddMethods,
  rawUrlsFor,
} from "./request-parts.ts";
import { type FuzzPools, pooledValue } from "./schema-value.ts";

/** A path parameter: one of the ids that exist when the request is sent, or this text as is. */
export type ParamChoice = { known: number } | { text: string };

/**
 * How a body goes on the wire when the request is sent over a socket: with a Content-Length,
 * chunked, or as bytes written after a request that has none (they are not its body: a
 * server must not answer them as a request of their own). Requests sent in process ignore it.
 */
export type BodyFraming = "length" | "chunked" | "after";

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
  framing: BodyFraming;
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
  /** Real values per body property, path or query parameter name, mixed into what fits. */
  pools?: FuzzPools;
  /** How often an operation is picked relative to the others (1 by default). */
  operationWeights?: Record<string, number>;
  /** The Host header most requests carry. */
  host: string;
  remoteAddresses: readonly string[];
};

/**
 * Requests for an API from its OpenAPI operations: mostly each operation with one field, a
 * parameter or a header made hostile (boundary values from its schema, wrong types, huge and
 * Unicode strings, control characters, 78-digit numbers, bad JSON, wrong content types, loopback
 * URLs only), and sometimes an odd method, a malformed URL, a route that does not exist or a
 * body that is not framed as one.
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

/** The text of a query parameter's value (objects as JSON: some have no prototype to call toString on). */
const asText = (value: unknown) =>
  typeof value === "string" ? value : (JSON.stringify(value) ?? "");

/** `encodeURIComponent` that takes any text: a lone surrogate becomes U+FFFD, as a browser sends it. */
const encodePart = (text: string) =>
  encodeURIComponent(
    text.replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      "\uFFFD",
    ),
  );

function queryOf(op: ApiOperation, pools: FuzzPools): fc.Arbitrary<string> {
  const values = fc.tuple(
    ...op.query.map((p) =>
      fc.option(
        fc.oneof(
          { weight: 3, arbitrary: pooledValue(p.schema, p.name, pools) },
          { weight: 1, arbitrary: hostileValue(p.schema) },
        ),
        { nil: undefined, freq: 2 },
      ),
    ),
  );
  const fromSchema = values.map((picked) => {
    const pairs = op.query.flatMap((p, i) =>
      picked[i] === undefined ? [] : [`${p.name}=${encodePart(asText(picked[i]))}`],
    );
    return pairs.length > 0 ? `?${pairs.join("&")}` : "";
  });
  return fc.oneof(
    { weight: 10, arbitrary: fromSchema },
    { weight: 1, arbitrary: fc.constantFrom(...hostileQueries) },
  );
}

function operationPlan(
  op: ApiOperation,
  options: FuzzRequestPlanOptions,
): fc.Arbitrary<FuzzRequestPlan> {
  const pools = options.pools ?? {};
  const params: fc.Arbitrary<Record<string, ParamChoice>> = fc.record(
    Object.fromEntries(
      op.pathParams.map((p) => [
        p.name,
        fc.oneof(
          { weight: 4, arbitrary: fc.nat(50).map((known): ParamChoice => ({ known })) },
          {
            weight: 1,
            arbitrary: pooledValue(p.schema, p.name, pools).map(
              (v): ParamChoice => ({ text: encodePart(asText(v)) }),
            ),
          },
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
        { weight: 1, arbitrary: fc.constantFrom(...rawUrlsFor(op)) },
      ),
      params,
      query: queryOf(op, pools),
      auth: fc.oneof(
        { weight: 1, arbitrary: fc.constant(0) },
        { weight: 4, arbitrary: fc.nat(options.authChoices - 1) },
      ),
      extra: fc.oneof(
        { weight: 10, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.constantFrom(...extraHeaders) },
      ),
      body: bodyPlan(op, options.validBodies?.[op.key] ?? [], pools),
      framing: fc.oneof(
        { weight: 12, arbitrary: fc.constant<BodyFraming>("length") },
        { weight: 1, arbitrary: fc.constantFrom<BodyFraming>("chunked", "after") },
      ),
      remoteAddress: fc.constantFrom(...options.remoteAddresses),
    })
    .map(({ method, rawUrl, params, query, auth, extra, body, framing, remoteAddress }) => ({
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
      framing,
      remoteAddress,
      note: [
        body.note,
        method !== op.method && `method ${method}`,
        rawUrl !== undefined && `url ${rawUrl.slice(0, 60)}`,
        query && `query ${query.slice(0, 40)}`,
        Object.keys(extra).length > 0 && `headers ${Object.keys(extra).join(",")}`,
        body.body !== undefined && framing !== "length" && `body ${framing}`,
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
  framing: BodyFraming;
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
    framing: plan.framing,
    remoteAddress: plan.remoteAddress,
  };
}
