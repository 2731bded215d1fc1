import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rawHttpExchange } from "../../../scripts/lib/raw-http-exchange.ts";
import { answerHttpClientError } from "./answer-http-client-error.ts";

// A real Node HTTP server with the handler on `clientError`, driven over raw sockets: the
// bytes a strict client would refuse to read are all seen. `/now` answers in the same tick,
// `/later` after 100 ms (as a route that awaits something).
let server: Server;
let target: { host: string; port: number };

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = () => res.writeHead(200, { "content-type": "text/plain" }).end(req.url);
    if (req.url === "/now") answer();
    else setTimeout(answer, 100);
  });
  server.on("clientError", answerHttpClientError);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  target = { host: "127.0.0.1", port: (server.address() as { port: number }).port };
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const statusesOf = async (data: string, bodiless?: () => boolean) => {
  const { answers, rest, closedByServer } = await rawHttpExchange(target, data, { bodiless });
  expect(closedByServer).toBe(true);
  return { statuses: answers.map((a) => `${a.status} ${a.body}`), rest, answers };
};

describe("answerHttpClientError", () => {
  test.each(["/now", "/later"])(
    "bytes after a request that closes the connection (%s): its own answer, alone",
    async (path) => {
      const { statuses, rest } = await statusesOf(
        `DELETE ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n{"a":1}`,
      );
      expect(statuses).toEqual([`200 ${path}`]);
      expect(rest).toBe("");
    },
  );

  test("garbage pipelined after a kept-alive request is answered after it, in order", async () => {
    const { statuses, answers } = await statusesOf(
      "GET /later HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n",
    );
    expect(statuses[0]).toBe("200 /later");
    expect(answers.map((a) => a.status)).toEqual([200, 400]);
    expect(JSON.parse(answers[1]?.body ?? "").error.details.reason).toBe("HPE_INVALID_METHOD");
  });

  test("garbage in many pieces while an answer is on its way: one wait, answers in order", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    const { answers } = await rawHttpExchange(target, [
      "GET /later HTTP/1.1\r\nHost: x\r\n\r\n",
      ...Array.from({ length: 15 }, () => "GARBAGE"),
    ]);
    process.off("warning", onWarning);
    expect(answers.map((a) => a.status)).toEqual([200, 400]);
    expect(warnings).toEqual([]);
  });

  test("a request whose own body is broken gets the envelope in place of its answer", async () => {
    const { answers, rest } = await statusesOf(
      "POST /later HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    );
    expect(
      answers.map((a) => a.status),
      rest,
    ).toEqual([400]);
    expect(JSON.parse(answers[0]?.body ?? "").error.code).toBe("VALIDATION_FAILED");
  });

  test("bytes that are not HTTP: one envelope; a HEAD one without its body", async () => {
    const garbage = await statusesOf("GARBAGE\r\n\r\n");
    expect(garbage.answers.map((a) => a.status)).toEqual([400]);
    const head = await statusesOf("HEAD / HTTP/1.1\r\nHo st: x\r\n\r\n", () => true);
    expect(head.answers.map((a) => a.status)).toEqual([400]);
    expect(head.answers[0]?.headers["content-length"]).not.toBe("0");
    expect(head.rest).toBe("");
  });
});
