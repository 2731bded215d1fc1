import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RawHttpAnswer, rawHttpExchange } from "../../scripts/lib/raw-http-exchange.ts";
import { type GolemServer, startGolemServer } from "./support/golem-server.ts";

// Raw bytes on the socket of a real `golem server api` (no chain needed: the routes used read
// the empty local state). Node's own HTTP client sends a DELETE, GET, OPTIONS or TRACE body
// with no Content-Length, so after a request that asked to close the connection those bytes
// are not part of it (RFC 9112 §9.6): the server answers the request, once, and nothing else.
let server: GolemServer;
let home: string;
let target: { host: string; port: number };
let headers: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "golem-raw-http-"));
  server = await startGolemServer(["--port", "0", "--no-monitor"], { GOLEM_REQUESTOR_HOME: home });
  const url = new URL(server.url);
  target = { host: url.hostname, port: Number(url.port) };
  headers = `Host: ${url.host}\r\nAuthorization: Bearer ${server.token}\r\n`;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await rm(home, { recursive: true, force: true });
});

const closing = (requestLine: string) =>
  `${requestLine} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n{"a":1}`;

function expectEnvelope(answer: RawHttpAnswer, status: number) {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  const json = JSON.parse(answer.body);
  expect(Object.keys(json)).toEqual(["error"]);
  expect(json.error).toMatchObject({ code: "VALIDATION_FAILED", hints: [expect.any(String)] });
  return json.error as { details?: { reason?: string } };
}

describe("attack: bytes after a request that closes the connection get no second answer", () => {
  it("a bad URL refused before its body was read: exactly one answer, the URL's", async () => {
    const { answers, rest, closedByServer } = await rawHttpExchange(
      target,
      closing("DELETE /api/v1/vms/%zz"),
    );
    expect(
      answers.map((a) => a.status),
      rest,
    ).toEqual([400]);
    expect(rest).toBe("");
    expect(closedByServer).toBe(true);
    expect(expectEnvelope(answers[0] as RawHttpAnswer, 400).details?.reason).toBe(
      "FST_ERR_BAD_URL",
    );
  });

  it("a route that answers later: its own answer arrives, not a 400 for the bytes", async () => {
    const { answers, rest } = await rawHttpExchange(target, closing("GET /api/v1/vms"));
    expect(
      answers.map((a) => a.status),
      rest,
    ).toEqual([200]);
    expect(rest).toBe("");
    expect(JSON.parse((answers[0] as RawHttpAnswer).body)).toEqual({ vms: [] });
  });

  it("garbage pipelined after a kept-alive request is answered after it, in order", async () => {
    const { answers, rest } = await rawHttpExchange(
      target,
      `GET /api/v1/vms HTTP/1.1\r\n${headers}\r\nGARBAGE\r\n\r\n`,
    );
    expect(
      answers.map((a) => a.status),
      rest,
    ).toEqual([200, 400]);
    expect(expectEnvelope(answers[1] as RawHttpAnswer, 400).details?.reason).toBe(
      "HPE_INVALID_METHOD",
    );
  });

  it("malformed HTTP alone still gets one envelope, and a HEAD one no body", async () => {
    const plain = await rawHttpExchange(target, "GARBAGE\r\n\r\n");
    expect(plain.answers.length, plain.rest).toBe(1);
    expectEnvelope(plain.answers[0] as RawHttpAnswer, 400);
    const head = await rawHttpExchange(target, `HEAD /api/v1/vms HTTP/1.1\r\nHo st: x\r\n\r\n`, {
      bodiless: () => true,
    });
    expect(head.answers.map((a) => a.status)).toEqual([400]);
    expect(head.rest).toBe("");
  });
});
