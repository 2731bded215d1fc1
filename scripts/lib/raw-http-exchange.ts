import { connect } from "node:net";

/** One HTTP/1.1 answer as it came off the socket. */
export type RawHttpAnswer = {
  status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: string;
};

/** Everything a server wrote on one connection, split into answers. */
export type RawHttpExchange = {
  answers: RawHttpAnswer[];
  /** Bytes after the last whole answer (none when the server wrote only answers). */
  rest: string;
  /** True when the server closed the connection, false when the wait ran out first. */
  closedByServer: boolean;
};

/**
 * Writes `data` as is on a new TCP connection (a list: each piece in its own write, 5 ms
 * apart), reads until the server closes it (or `timeoutMs` passes) and splits what came back
 * into HTTP/1.1 answers by their framing, so a test sees every answer, even one a strict
 * client would refuse to read.
 *
 * @example
 * const { answers } = await rawHttpExchange({ host: "127.0.0.1", port }, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
 */
export function rawHttpExchange(
  target: { host: string; port: number },
  data: string | Buffer | readonly string[],
  options: { timeoutMs?: number; bodiless?: (index: number) => boolean } = {},
): Promise<RawHttpExchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const pieces = typeof data === "string" || Buffer.isBuffer(data) ? [data] : [...data];
    const writeNext = () => {
      const piece = pieces.shift();
      if (piece === undefined || socket.destroyed) return;
      socket.write(piece);
      if (pieces.length > 0) setTimeout(writeNext, 5);
    };
    const socket = connect(target.port, target.host, writeNext);
    const timer = setTimeout(() => socket.destroy(), options.timeoutMs ?? 5_000);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => {
      closedByServer = true;
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ ...splitHttpAnswers(Buffer.concat(chunks), options.bodiless), closedByServer });
    });
  });
}

/**
 * Splits raw bytes into HTTP/1.1 answers: each a status line and headers, then a body framed
 * by Content-Length, chunked, or running to the end (RFC 9112 §6.3; a HEAD answer,
 * `bodiless(index)`, a 204 and a 304 have none). Stops at the first bytes that are not an
 * answer; they are returned as `rest`.
 */
export function splitHttpAnswers(
  raw: Buffer,
  bodiless: (index: number) => boolean = () => false,
): { answers: RawHttpAnswer[]; rest: string } {
  const answers: RawHttpAnswer[] = [];
  let at = 0;
  while (at < raw.length) {
    const end = raw.indexOf("\r\n\r\n", at);
    if (end < 0) break;
    const [statusLine = "", ...lines] = raw.subarray(at, end).toString("latin1").split("\r\n");
    const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine)?.[1];
    if (status === undefined) break;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon > 0)
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const none = bodiless(answers.length) || status === "204" || status === "304";
    const body = bodyOf(raw, end + 4, headers, none);
    if (body === undefined) break;
    answers.push({ status: Number(status), headers, body: body.text });
    at = body.next;
  }
  return { answers, rest: raw.subarray(at).toString("latin1") };
}

function bodyOf(
  raw: Buffer,
  start: number,
  headers: Record<string, string>,
  bodiless: boolean,
): { text: string; next: number } | undefined {
  if (bodiless) return { text: "", next: start };
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    const parts: Buffer[] = [];
    let at = start;
    for (;;) {
      const lineEnd = raw.indexOf("\r\n", at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(raw.subarray(at, lineEnd).toString("latin1"), 16);
      if (!Number.isInteger(size) || lineEnd + 2 + size + 2 > raw.length) return undefined;
      if (size === 0) return { text: Buffer.concat(parts).toString(), next: lineEnd + 4 };
      parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  if (headers["content-length"] === undefined) {
    return { text: raw.subarray(start).toString(), next: raw.length };
  }
  const length = Number(headers["content-length"]);
  if (!Number.isInteger(length) || start + length > raw.length) return undefined;
  return { text: raw.subarray(start, start + length).toString(), next: start + length };
}
