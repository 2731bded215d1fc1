import { GolemError } from "../errors/golem-error.ts";

const MAX_PROBLEM_CHARS = 300;

/**
 * `PROVIDER_BAD_RESPONSE` for an answer of `route` (`METHOD url`) that is not what the provider
 * API promises; `problem` is the first thing wrong with it (shortened).
 */
export function badResponse(route: string, status: number, problem: string): GolemError {
  const short =
    problem.length > MAX_PROBLEM_CHARS ? `${problem.slice(0, MAX_PROBLEM_CHARS)}…` : problem;
  return new GolemError(
    "PROVIDER_BAD_RESPONSE",
    `${route} answered HTTP ${status} with a body that is not the provider API's: ${short}`,
    { details: { route, status, problem: short } },
  );
}

/**
 * The body of `response` as text, refusing one longer than `maxBytes` (by its Content-Length or
 * while reading, so a hostile provider cannot make the client buffer an endless answer).
 *
 * @throws GolemError `PROVIDER_BAD_RESPONSE` when the body is longer than `maxBytes`.
 */
export async function readCappedText(
  response: Response,
  maxBytes: number,
  route: string,
): Promise<string> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const tooLong = () => {
    void (reader ?? response.body)?.cancel().catch(() => {});
    return badResponse(route, response.status, `the answer is longer than ${maxBytes} bytes`);
  };
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw tooLong();
  if (response.body === null) return "";
  reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) throw tooLong();
    chunks.push(value);
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}
