import { connect } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
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

/** Sends raw bytes to a listening API and returns everything it wrote back. */
function rawExchange(port: number, data: string, keepOpenMs = 5_000): Promise<string> {
  return new Promise((resolve) => {
    let out = "";
    const socket = connect(port, "127.0.0.1", () => socket.write(data));
    socket.on("data", (chunk) => {
      out += chunk;
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve(out));
    setTimeout(() => socket.destroy(), keepOpenMs);
  });
}

function parseRaw(raw: string) {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  const status = Number(head.split(" ")[1]);
  const contentType = /content-type: ([^\r]+)/i.exec(head)?.[1];
  return { status, contentType, body };
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
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = h.app.server.address() as { port: number };
    const { status, contentType, body } = parseRaw(await rawExchange(port, data));
    expectEnvelope(status, contentType, body);
  });

  test("a request that never finishes is cut off with a 408 envelope", async () => {
    h = await createApiHarness({ api: { requestTimeoutSeconds: 1 } });
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = h.app.server.address() as { port: number };
    const started = Date.now();
    const raw = await rawExchange(
      port,
      "POST /api/v1/auth/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
      10_000,
    );
    const { status, contentType, body } = parseRaw(raw);
    expect(status, raw).toBe(408);
    expectEnvelope(status, contentType, body);
    expect(JSON.parse(body).error.code).toBe("REQUEST_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
