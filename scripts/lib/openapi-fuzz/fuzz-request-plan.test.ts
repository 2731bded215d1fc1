import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fuzzRequestPlan, resolvePlan } from "./fuzz-request-plan.ts";
import { jsonText, RawJson } from "./json-text.ts";
import { operationsOf } from "./openapi-operations.ts";
import { responseProblems } from "./response-problems.ts";

const doc = {
  paths: {
    "/api/v1/things/{id}": {
      get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] },
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
};

describe("fuzzRequestPlan", () => {
  test("the same seed gives the same requests; another seed others", () => {
    const a = fc.sample(fuzzRequestPlan(options), { seed: 42, numRuns: 200 });
    const b = fc.sample(fuzzRequestPlan(options), { seed: 42, numRuns: 200 });
    const c = fc.sample(fuzzRequestPlan(options), { seed: 43, numRuns: 200 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  test("covers every operation, valid and hostile bodies, bounds ±1, bad JSON, odd methods and URLs", () => {
    const plans = fc.sample(fuzzRequestPlan(options), { seed: 7, numRuns: 2_000 });
    expect(new Set(plans.map((p) => p.operation))).toEqual(
      new Set(["GET /api/v1/things/{id}", "POST /api/v1/things"]),
    );
    const bodies = plans.map((p) => p.body ?? "");
    expect(bodies).toContain("{");
    expect(bodies.some((b) => b.includes('"count":257'))).toBe(true);
    expect(bodies.some((b) => b.includes('"count":0'))).toBe(true);
    expect(bodies.some((b) => b.includes("9".repeat(78)))).toBe(true);
    expect(plans.some((p) => p.note.includes("missing"))).toBe(true);
    expect(plans.some((p) => p.method === "PROPFIND" || p.method === "TRACE")).toBe(true);
    expect(plans.some((p) => p.rawUrl === "/api/v1/vms/%zz")).toBe(true);
    expect(
      plans.some(
        (p) => "text" in (p.params.id ?? {}) && (p.params.id as { text: string }).text === "%zz",
      ),
    ).toBe(true);
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

describe("responseProblems", () => {
  const json = { "content-type": "application/json; charset=utf-8" };
  test("an envelope with a known code is clean; Fastify's own body, a stack, a host path or a 5xx are not", () => {
    const envelope = JSON.stringify({
      error: { code: "NOT_FOUND", message: "no route", hints: ["x"] },
    });
    expect(
      responseProblems({ method: "GET" }, { status: 404, headers: json, body: envelope }, [
        "/srv/node",
      ]),
    ).toEqual([]);
    expect(
      responseProblems(
        { method: "GET" },
        {
          status: 400,
          headers: json,
          body: '{"error":"Bad Request","code":"FST_ERR_BAD_URL","statusCode":400}',
        },
        [],
      ),
    ).toEqual(["a body that is not the error envelope"]);
    expect(
      responseProblems(
        { method: "GET" },
        { status: 400, headers: { "content-type": "text/plain" }, body: "Invalid" },
        [],
      ),
    ).toEqual(["content-type text/plain", "a body that is not JSON"]);
    const leak = JSON.stringify({
      error: {
        code: "INTERNAL",
        message: "at run (/srv/node/x.ts:1:2)\n    at y (/srv/node/y.ts:3:4)",
        hints: [],
      },
    });
    expect(
      responseProblems({ method: "GET" }, { status: 500, headers: json, body: leak }, [
        "/srv/node",
      ]),
    ).toEqual(["status 500", "a stack trace in the body", "host path /srv/node in the body"]);
    expect(
      responseProblems({ method: "HEAD" }, { status: 404, headers: {}, body: "" }, []),
    ).toEqual([]);
  });
});
