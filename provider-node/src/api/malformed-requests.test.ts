import { afterEach, describe, expect, test } from "vitest";
import { type RawHttpAnswer, rawHttpExchange } from "../../../scripts/lib/raw-http-exchange.ts";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { vmRequest } from "../../test/support/service-harness.ts";
import { randomAccount } from "../../test/support/siwe.ts";

let h: ApiHarness;
afterEach(async () => {
  await h?.close();
});

/** True when `body` is exactly the project's error envelope. */
function expectEnvelope(status: number, contentType: unknown, body: string) {
  expect(status, body).toBeGreaterThanOrEqual(400);
  expect(status, body).toBeLessThan(500);
  expect(String(contentType)).toMatch(/^application\/json/);
  const json = JSON.parse(body);
  expect(Object.keys(json)).toEqual(["error"]);
  expect(json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  expect(json.error.hints.length, body).toBeGreaterThan(0);
}

describe("attack: malformed requests answer the error envelope, never the framework's own body", () => {
  const cases: Array<[string, { method: string; url: string; auth?: boolean; headers?: object }]> =
    [
      ["a bad percent-escape in a path parameter", { method: "GET", url: "/api/v1/vms/%zz" }],
      [
        "a bad percent-escape with a session",
        { method: "GET", url: "/api/v1/vms/%zz", auth: true },
      ],
      ["a bad percent-escape outside the API", { method: "GET", url: "/docs/%zz" }],
      [
        "an over-long path parameter",
        { method: "DELETE", url: `/api/v1/vms/${"a".repeat(1000)}`, auth: true },
      ],
      [
        "a CORS preflight without Origin",
        {
          method: "OPTIONS",
          url: "/api/v1/vms",
          headers: { "access-control-request-method": "POST" },
        },
      ],
      [
        "a CORS preflight without Access-Control-Request-Method",
        { method: "OPTIONS", url: "/api/v1/vms", headers: { origin: "https://dapp.example" } },
      ],
      ["an unknown method", { method: "PROPFIND", url: "/api/v1/vms" }],
      ["an unknown route", { method: "GET", url: "/api/v2/anything" }],
    ];

  test.each(cases)("%s", async (_name, request) => {
    h = await createApiHarness({ api: { corsOrigins: ["https://dapp.example"] } });
    const authorization = request.auth
      ? (await h.signIn(randomAccount())).authorization
      : undefined;
    const res = await h.app.inject({
      method: request.method as "GET",
      url: request.url,
      headers: { host: testHost, ...request.headers, ...(authorization ? { authorization } : {}) },
    });
    expectEnvelope(res.statusCode, res.headers["content-type"], res.body);
    expect(h.service.listVms()).toEqual([]);
  });
});

/** Starts the harness's API on an ephemeral loopback port. */
async function listening() {
  await h.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = h.app.server.address() as { port: number };
  return { host: "127.0.0.1", port };
}

describe("attack: garbage on the socket of a listening API answers the error envelope", () => {
  const cases: Array<[string, string]> = [
    ["a request line that is not HTTP", "GARBAGE\r\n\r\n"],
    ["a header name with a space", "GET / HTTP/1.1\r\nHo st: x\r\n\r\n"],
    [
      "headers larger than the server takes",
      `GET / HTTP/1.1\r\nHost: x\r\nX: ${"a".repeat(20_000)}\r\n\r\n`,
    ],
    [
      "a broken chunked body",
      "POST /api/v1/auth/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
    [
      "a bad percent-escape",
      "GET /api/v1/vms/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ],
  ];

  test.each(cases)("%s", async (_name, data) => {
    h = await createApiHarness();
    const { answers, rest } = await rawHttpExchange(await listening(), data);
    expect(answers.length, rest).toBe(1);
    const [{ status, headers, body }] = answers as [RawHttpAnswer];
    expectEnvelope(status, headers["content-type"], body);
  });

  test("a request that never finishes is cut off with a 408 envelope", async () => {
    h = await createApiHarness({ api: { requestTimeoutSeconds: 1 } });
    const started = Date.now();
    const { answers, rest } = await rawHttpExchange(
      await listening(),
      "POST /api/v1/auth/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
      { timeoutMs: 10_000 },
    );
    expect(answers.length, rest).toBe(1);
    const [{ status, headers, body }] = answers as [RawHttpAnswer];
    expect(status, body).toBe(408);
    expectEnvelope(status, headers["content-type"], body);
    expect(JSON.parse(body).error.code).toBe("REQUEST_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

// A client that sends bytes after a request which asked to close the connection (Node's own
// client does this for a DELETE, GET, OPTIONS or TRACE with a body: it sends the body with no
// Content-Length). Those bytes are not a request (RFC 9112 §9.6): the request before them gets
// its own answer, alone, and nothing answers them.
describe("attack: bytes after a request that closes the connection get no second answer", () => {
  const close = (requestLine: string) =>
    `${requestLine} HTTP/1.1\r\nHost: ${testHost}\r\nConnection: close\r\n\r\n{"a":1}`;

  test("a bad URL refused before its body was read: exactly one answer, the URL's", async () => {
    h = await createApiHarness();
    const { answers, rest, closedByServer } = await rawHttpExchange(
      await listening(),
      close("DELETE /api/v1/vms/%zz"),
    );
    expect(
      answers.map((a) => a.status),
      rest,
    ).toEqual([400]);
    expect(rest).toBe("");
    expect(closedByServer).toBe(true);
    const [{ status, headers, body }] = answers as [RawHttpAnswer];
    expectEnvelope(status, headers["content-type"], body);
    expect(JSON.parse(body).error.details.reason).toBe("FST_ERR_BAD_URL");
  });

  test("a route that answers later: its own answer arrives, not a 400 for the bytes", async () => {
    h = await createApiHarness();
    const { answers, rest } = await rawHttpExchange(
      await listening(),
      close("GET /api/v1/provider/info"),
    );
    expect(
      answers.map((a) => a.status),
      rest,
    ).toEqual([200]);
    expect(rest).toBe("");
    expect(JSON.parse((answers[0] as RawHttpAnswer).body).name).toBe("test-provider");
  });

  test("a DELETE that destroys a VM: the caller is told so, not sent a 400 while the VM goes", async () => {
    h = await createApiHarness();
    const owner = randomAccount();
    const { authorization } = await h.signIn(owner);
    const vm = await h.service.createVm(owner.address, vmRequest("doomed"));
    const { answers, rest } = await rawHttpExchange(
      await listening(),
      `DELETE /api/v1/vms/${vm.id} HTTP/1.1\r\nHost: ${testHost}\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n{"a":1}`,
    );
    expect(
      answers.map((a) => a.status),
      rest,
    ).toEqual([200]);
    expect(JSON.parse((answers[0] as RawHttpAnswer).body)).toMatchObject({
      id: vm.id,
      status: "destroyed",
    });
    expect(h.service.listVms()).toEqual([]);
  });

  test("garbage pipelined after a kept-alive request is answered after it, in order", async () => {
    h = await createApiHarness();
    const { answers, rest } = await rawHttpExchange(
      await listening(),
      `GET /api/v1/provider/info HTTP/1.1\r\nHost: ${testHost}\r\n\r\nGARBAGE\r\n\r\n`,
    );
    expect(
      answers.map((a) => a.status),
      rest,
    ).toEqual([200, 400]);
    const garbage = answers[1] as RawHttpAnswer;
    expectEnvelope(garbage.status, garbage.headers["content-type"], garbage.body);
  });
});
