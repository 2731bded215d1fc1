import { describe, expect, test } from "vitest";
import { splitHttpAnswers } from "./raw-http-exchange.ts";

describe("splitHttpAnswers", () => {
  test("splits answers framed by Content-Length and chunks, and keeps what follows them", () => {
    const raw = Buffer.from(
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nh\u00e9ll" +
        "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" +
        "stray",
    );
    const { answers, rest } = splitHttpAnswers(raw);
    expect(answers).toEqual([
      { status: 200, headers: { "content-length": "5" }, body: "h\u00e9ll" },
      { status: 400, headers: { "transfer-encoding": "chunked" }, body: "abc" },
    ]);
    expect(rest).toBe("stray");
  });

  test("a HEAD answer has no body; a cut answer is left in the rest", () => {
    const head = splitHttpAnswers(
      Buffer.from("HTTP/1.1 400 Bad Request\r\nContent-Length: 9\r\n\r\n"),
      () => true,
    );
    expect(head.answers.map((a) => a.body)).toEqual([""]);
    expect(head.rest).toBe("");
    const untilClose = splitHttpAnswers(Buffer.from("HTTP/1.1 200 OK\r\n\r\nall of it"));
    expect(untilClose.answers.map((a) => a.body)).toEqual(["all of it"]);
    const cut = splitHttpAnswers(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"));
    expect(cut.answers).toEqual([]);
    expect(cut.rest).toContain("abc");
  });
});
