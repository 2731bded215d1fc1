import { describe, expect, test } from "vitest";
import { httpClientErrorResponse } from "./http-client-error-response.ts";

// A real server drives this through Node's clientError in the provider's API tests; here the
// mapping from Node's parser codes to the envelope is pinned.
describe("httpClientErrorResponse", () => {
  const parse = (raw: string) => {
    const [head = "", body = ""] = raw.split("\r\n\r\n");
    return { head, body, json: JSON.parse(body) };
  };

  test("a timeout is REQUEST_TIMEOUT 408 in the envelope, with a correct Content-Length", () => {
    const { head, body, json } = parse(
      httpClientErrorResponse({ code: "ERR_HTTP_REQUEST_TIMEOUT" }),
    );
    expect(head).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(head).toContain("Connection: close");
    expect(json.error.code).toBe("REQUEST_TIMEOUT");
    expect(json.error.hints.length).toBeGreaterThan(0);
  });

  test("headers over the limit are 431, anything else the parser refused is 400", () => {
    expect(parse(httpClientErrorResponse({ code: "HPE_HEADER_OVERFLOW" })).head).toMatch(/ 431 /);
    const other = parse(httpClientErrorResponse({ code: "HPE_INVALID_METHOD" }));
    expect(other.head).toMatch(/^HTTP\/1\.1 400 /);
    expect(other.json.error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { reason: "HPE_INVALID_METHOD" },
    });
    expect(parse(httpClientErrorResponse({})).json.error.details.reason).toBe("unknown");
  });

  test("to a HEAD request it has no body, and says how long the body would be", () => {
    const full = parse(httpClientErrorResponse({ code: "HPE_INVALID_HEADER_TOKEN" }));
    const head = httpClientErrorResponse({
      code: "HPE_INVALID_HEADER_TOKEN",
      rawPacket: Buffer.from("HEAD / HTTP/1.1\r\nHo st: x\r\n\r\n"),
    });
    expect(head.endsWith("\r\n\r\n")).toBe(true);
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(full.body)}`);
  });
});
