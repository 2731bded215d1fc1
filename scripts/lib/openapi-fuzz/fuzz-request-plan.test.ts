import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fuzzRequestPlan, resolvePlan } from "./fuzz-request-plan.ts";
import { jsonText, RawJson } from "./json-text.ts";
import { nonLoopbackUrls } from "./loopback-urls.ts";
import { operationsOf } from "./openapi-operations.ts";

const doc = {
  paths: {
    "/api/v1/things/{id}": {
      get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] },
      delete: {
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "keep", in: "query", schema: { type: "string", enum: ["true", "false"] } },
        ],
      },
    },
    "/api/v1/things": {
      post: {
        requestBody: {
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  name: { type: "string", minLength: 1, maxLength: 8 },
                  count: { type: "integer", minimum: 1, maximum: 256 },
                  home: { type: "string", format: "uri", maxLength: 2048 },
                },
                required: ["name", "count"],
              },
            },
          },
        },
      },
    },
  },
};
const options = {
  operations: operationsOf(doc),
  authChoices: 3,
  host: "api.test",
  remoteAddresses: ["127.0.0.1"],
  pools: { name: ["real-1"] },
};

describe("fuzzRequestPlan", () => {
  test("the same seed gives the same requests; another seed others", () => {
    const a = fc.sample(fuzzRequestPlan(options), { seed: 42, numRuns: 200 });
    const b = fc.sample(fuzzRequestPlan(options), { seed: 42, numRuns: 200 });
    const c = fc.sample(fuzzRequestPlan(options), { seed: 43, numRuns: 200 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  test("covers every operation, valid and hostile bodies, bounds ±1, bad JSON, odd methods, URLs and framing", () => {
    const plans = fc.sample(fuzzRequestPlan(options), { seed: 7, numRuns: 3_000 });
    expect(new Set(plans.map((p) => p.operation))).toEqual(
      new Set(["GET /api/v1/things/{id}", "DELETE /api/v1/things/{id}", "POST /api/v1/things"]),
    );
    const bodies = plans.map((p) => p.body ?? "");
    expect(bodies).toContain("{");
    expect(bodies).toContain("[".repeat(50_000));
    expect(bodies.some((b) => b.includes('"count":257'))).toBe(true);
    expect(bodies.some((b) => b.includes('"count":0'))).toBe(true);
    expect(bodies.some((b) => b.includes("9".repeat(78)))).toBe(true);
    expect(bodies.some((b) => b.includes('"name":"real-1"'))).toBe(true);
    expect(bodies.some((b) => b.includes('"home":"http://127.0.0.1:9'))).toBe(true);
    expect(plans.some((p) => p.note.includes("missing"))).toBe(true);
    expect(plans.some((p) => p.method === "PROPFIND" || p.method === "TRACE")).toBe(true);
    expect(plans.some((p) => p.rawUrl === "/api/v1/vms/%zz")).toBe(true);
    expect(plans.some((p) => p.query === "?keep=true" || p.query === "?keep=false")).toBe(true);
    expect(plans.some((p) => p.query === "?__proto__[x]=1")).toBe(true);
    expect(new Set(plans.map((p) => p.framing))).toEqual(new Set(["length", "chunked", "after"]));
    expect(plans.some((p) => p.headers.origin === "https://evil.example")).toBe(true);
    expect(
      plans.some(
        (p) => "text" in (p.params.id ?? {}) && (p.params.id as { text: string }).text === "%zz",
      ),
    ).toBe(true);
  });

  test("every URL it generates, in a body or a query, names this machine's loopback", () => {
    const plans = fc.sample(fuzzRequestPlan(options), { seed: 11, numRuns: 5_000 });
    const urls = plans.flatMap((p) => [
      ...nonLoopbackUrls(p.body),
      ...nonLoopbackUrls([...new URLSearchParams(p.query).values()]),
    ]);
    expect(urls).toEqual([]);
  });

  test("resolvePlan puts in the ids and sessions of the moment", () => {
    const [plan] = fc
      .sample(
        fuzzRequestPlan({
          ...options,
          operations: options.operations.filter((o) => o.key.startsWith("GET")),
        }),
        { seed: 1, numRuns: 50 },
      )
      .filter(
        (p) =>
          p.rawUrl === undefined &&
          p.query === "" &&
          "known" in (p.params.id ?? {}) &&
          p.auth === 1,
      );
    expect(plan).toBeDefined();
    const request = resolvePlan(plan as NonNullable<typeof plan>, {
      authorizations: [undefined, "Bearer t"],
      known: { id: ["vm-1"] },
    });
    expect(request.url).toBe("/api/v1/things/vm-1");
    expect(request.headers.authorization).toBe("Bearer t");
  });
});

test("jsonText writes raw tokens as they are", () => {
  expect(jsonText({ a: new RawJson("1e400"), b: [new RawJson("-0")] })).toBe(
    '{"a":1e400,"b":[-0]}',
  );
});

test("nonLoopbackUrls finds a URL off this machine anywhere in a body", () => {
  expect(nonLoopbackUrls('{"a":{"b":["http://127.0.0.1:9/x","https://[::1]:1"]}}')).toEqual([]);
  expect(nonLoopbackUrls('{"a":["file:///etc/passwd","http://2130706433:9/"]}')).toEqual([]);
  expect(nonLoopbackUrls('{"a":{"b":"https://example.com/x"}}')).toEqual(["https://example.com/x"]);
  expect(nonLoopbackUrls("http://10.0.0.1:80")).toEqual(["http://10.0.0.1:80"]);
});
