import { describe, expect, test } from "vitest";
import { responseProblems } from "./response-problems.ts";

const json = { "content-type": "application/json; charset=utf-8" };
const envelope = (code: string) => JSON.stringify({ error: { code, message: "m", hints: ["h"] } });

describe("responseProblems", () => {
  test("an envelope with a known code is clean; Fastify's own body, a stack, a host path or a 5xx are not", () => {
    const rules = { hostPaths: ["/srv/node"] };
    expect(
      responseProblems(
        { method: "GET" },
        { status: 404, headers: json, body: envelope("NOT_FOUND") },
        rules,
      ),
    ).toEqual([]);
    expect(
      responseProblems(
        { method: "GET" },
        {
          status: 400,
          headers: json,
          body: '{"error":"Bad Request","code":"FST_ERR_BAD_URL","statusCode":400}',
        },
        rules,
      ),
    ).toEqual(["a body that is not the error envelope"]);
    expect(
      responseProblems(
        { method: "GET" },
        { status: 400, headers: { "content-type": "text/plain" }, body: "Invalid" },
        rules,
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
      responseProblems({ method: "GET" }, { status: 500, headers: json, body: leak }, rules),
    ).toEqual(["status 500", "a stack trace in the body", "host path /srv/node in the body"]);
    expect(
      responseProblems({ method: "HEAD" }, { status: 404, headers: {}, body: "" }, rules),
    ).toEqual([]);
  });

  test("an unknown code, extra envelope keys and stray bytes on the wire are problems", () => {
    const rules = { hostPaths: [] };
    const extra = JSON.stringify({ error: { code: "NOPE", message: "m", hints: [], stack: "s" } });
    expect(
      responseProblems({ method: "GET" }, { status: 400, headers: json, body: extra }, rules),
    ).toEqual(["envelope keys stack", "unknown code NOPE"]);
    expect(
      responseProblems(
        { method: "GET" },
        {
          status: 200,
          headers: json,
          body: "{}",
          transportProblem: "after the answer: HPE_CLOSED_CONNECTION",
        },
        rules,
      ),
    ).toEqual(["after the answer: HPE_CLOSED_CONNECTION"]);
  });

  test("a relayed provider failure's 502/503 passes only where the rules allow it, and no other 5xx", () => {
    const relay = { hostPaths: [], relayedFailures: new Set(["PROVIDER_UNREACHABLE"]) };
    const unreachable = { status: 502, headers: json, body: envelope("PROVIDER_UNREACHABLE") };
    expect(responseProblems({ method: "POST" }, unreachable, relay)).toEqual([]);
    expect(responseProblems({ method: "POST" }, unreachable, { hostPaths: [] })).toEqual([
      "status 502",
    ]);
    const internal = { status: 500, headers: json, body: envelope("INTERNAL") };
    expect(responseProblems({ method: "POST" }, internal, relay)).toEqual(["status 500"]);
    const wrongStatus = { status: 500, headers: json, body: envelope("PROVIDER_UNREACHABLE") };
    expect(responseProblems({ method: "POST" }, wrongStatus, relay)).toEqual(["status 500"]);
  });

  test("host paths in a success pass only where the rules say failures alone are checked", () => {
    const ok = { status: 200, headers: json, body: '{"key":"/home/me/.ssh/id"}' };
    expect(responseProblems({ method: "GET" }, ok, { hostPaths: ["/home/me"] })).toEqual([
      "host path /home/me in the body",
    ]);
    expect(
      responseProblems({ method: "GET" }, ok, { hostPaths: ["/home/me"], hostPathsIn: "failures" }),
    ).toEqual([]);
  });
});
