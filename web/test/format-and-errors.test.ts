import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { ErrorDisplay } from "../src/components/error-display.tsx";
import { formatDuration, formatToken, shortAddress } from "../src/lib/format.ts";
import { toErrorView } from "../src/lib/to-golem-error.ts";

describe("web: formatting", () => {
  it("formats token amounts with grouping and at most 4 decimals", () => {
    expect(formatToken(0n, 18, "tGLM")).toBe("0 tGLM");
    expect(formatToken(1_500_000_000_000_000_000n, 18, "tGLM")).toBe("1.5 tGLM");
    expect(formatToken(1_234_567n * 10n ** 18n, 18, "GLM")).toBe("1,234,567 GLM");
    expect(formatToken(123_456_789n, 8, "X")).toBe("~1.2345 X"); // cut, so marked approximate;
    expect(formatToken(1n, 18, "tGLM")).toBe("~0 tGLM");
  });

  it("formats durations as the two largest units", () => {
    expect(formatDuration(0n)).toBe("0 s");
    expect(formatDuration(45n)).toBe("45 s");
    expect(formatDuration(3_600n + 300n + 7n)).toBe("1 h 5 min");
    expect(formatDuration(3n * 86_400n + 4n * 3_600n + 59n)).toBe("3 d 4 h");
  });

  it("shortens addresses", () => {
    expect(shortAddress("0x1234567890abcdef1234567890abcdef12345678")).toBe("0x1234…5678");
  });
});

describe("web: error display", () => {
  it("shows a GolemError's code, message and hints", () => {
    const error = new GolemError("STREAM_UNAUTHORIZED", "you are not in stream 7");
    const html = renderToStaticMarkup(createElement(ErrorDisplay, { error, title: "failed" }));
    expect(html).toContain('data-error-code="STREAM_UNAUTHORIZED"');
    expect(html).toContain("error[STREAM_UNAUTHORIZED]");
    expect(html).toContain("you are not in stream 7");
    expect(html).toContain("hint: only the stream");
    expect(html).not.toContain("at ");
  });

  it("maps a wallet rejection to USER_REJECTED and never shows a stack", () => {
    const view = toErrorView(new UserRejectedRequestError(new Error("User denied")));
    expect(view.code).toBe("USER_REJECTED");
    expect(view.hints[0]).toMatch(/approve/);
    const plain = toErrorView(new Error("boom\n    at frame (file.js:1:1)"));
    expect(plain.code).toBe("INTERNAL");
    expect(plain.message).not.toContain("file.js");
  });

  it("shows an error envelope sent by the server as it is", () => {
    const envelope = new GolemError("DEPLOYMENT_NOT_FOUND", "no deployment on chain 5").toJSON();
    const html = renderToStaticMarkup(createElement(ErrorDisplay, { error: envelope.error }));
    expect(html).toContain("error[DEPLOYMENT_NOT_FOUND]");
    expect(html).toContain("hint: run `./dev chain`");
  });
});
