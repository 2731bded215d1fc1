import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { answerHttpClientError } from "@vm-on-golem/sdk/errors";
import { afterEach, expect, test } from "vitest";
import type { FuzzRequest } from "./fuzz-request-plan.ts";
import { sendOverHttp } from "./send-over-http.ts";

let server: Server | TcpServer | undefined;
afterEach(() => {
  server?.close();
});

const request = (over: Partial<FuzzRequest> = {}): FuzzRequest => ({
  method: "POST",
  url: "/echo",
  headers: { host: "api.test" },
  body: '{"a":1}',
  framing: "length",
  remoteAddress: "127.0.0.1",
  ...over,
});

async function listen(s: Server | TcpServer) {
  server = s;
  s.listen(0, "127.0.0.1");
  await once(s, "listening");
  return { host: "127.0.0.1", port: (s.address() as { port: number }).port };
}

test("sends the body framed as asked and reads the answer with the strict parser", async () => {
  const echo = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () =>
      res.end(`${req.headers["content-length"] ?? req.headers["transfer-encoding"]} ${body}`),
    );
  });
  // `after`: the bytes follow a request that asked to close; the server answers it alone.
  echo.on("clientError", answerHttpClientError);
  const target = await listen(echo);
  const send = sendOverHttp(target);
  expect((await send(request()))?.body).toBe('7 {"a":1}');
  expect((await send(request({ framing: "chunked" })))?.body).toBe('chunked {"a":1}');
  const after = await send(request({ framing: "after" }));
  expect(after?.body).toBe("0 ");
  expect(after?.transportProblem).toBeUndefined();
});

test("a second answer on the connection is the answer's transport problem", async () => {
  const target = await listen(
    createTcpServer((socket) => {
      socket.once("data", () =>
        socket.end(
          "HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}" +
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        ),
      );
    }),
  );
  const answer = await sendOverHttp(target)(request());
  expect(answer?.status).toBe(400);
  expect(answer?.transportProblem).toBe("after the answer: HPE_CLOSED_CONNECTION");
});

test("a second answer written later, before the server closes, is seen too", async () => {
  const target = await listen(
    // Half-open allowed, as Node's HTTP server does.
    createTcpServer({ allowHalfOpen: true }, (socket) => {
      const answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
      socket.once("data", () => {
        socket.write(answer);
        setTimeout(() => socket.end(answer), 100);
      });
    }),
  );
  const answer = await sendOverHttp(target)(request());
  expect(answer?.status).toBe(200);
  expect(answer?.transportProblem).toBe("2 answers on one connection");
});

test("a request Node will not send is unsendable; a silent server is no answer", async () => {
  const target = await listen(createTcpServer((socket) => socket.on("data", () => {})));
  const send = sendOverHttp({ ...target, timeoutMs: 200 });
  expect(await send(request({ url: "/a b" }))).toBeUndefined();
  expect((await send(request()))?.transportProblem).toMatch(/^no answer/);
});
