import { describe, expect, test } from "vitest";
import { errorCodes, isGolemErrorCode } from "./error-codes.ts";
import { GolemError, isGolemError } from "./golem-error.ts";

describe("GolemError", () => {
  test("takes status and hint from the codes table by default", () => {
    const err = new GolemError("VM_NOT_FOUND", 'VM "web-1" does not exist');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("GolemError");
    expect(err.code).toBe("VM_NOT_FOUND");
    expect(err.status).toBe(404);
    expect(err.hints).toEqual([errorCodes.VM_NOT_FOUND.hint]);
    expect(err.details).toBeUndefined();
  });

  test("call-site status, hints, details and cause win over the defaults", () => {
    const cause = new Error("socket hang up");
    const err = new GolemError("STREAM_UNDERFUNDED", "stream 7 has 120 s of runway", {
      status: 409,
      hints: ["top up 3480 s more"],
      details: { streamId: "7", runwaySeconds: 120 },
      cause,
    });
    expect(err.status).toBe(409);
    expect(err.hints).toEqual(["top up 3480 s more"]);
    expect(err.details).toEqual({ streamId: "7", runwaySeconds: 120 });
    expect(err.cause).toBe(cause);
  });

  test("toJSON is the envelope, without the cause", () => {
    const err = new GolemError("STREAM_WRONG_RECIPIENT", "stream 3 pays 0xabc, not this provider", {
      details: { streamId: "3" },
      cause: new Error("secret internals"),
    });
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      error: {
        code: "STREAM_WRONG_RECIPIENT",
        message: "stream 3 pays 0xabc, not this provider",
        hints: [errorCodes.STREAM_WRONG_RECIPIENT.hint],
        details: { streamId: "3" },
      },
    });
    expect(new GolemError("INTERNAL", "boom").toJSON().error).not.toHaveProperty("details");
  });

  test("fromEnvelope rebuilds the same error on the client", () => {
    const sent = new GolemError("VM_NAME_TAKEN", 'a VM named "db" exists', {
      hints: ["pick another name", "or destroy it"],
      details: { name: "db", nested: { list: [1, true, null] } },
    });
    const got = GolemError.fromEnvelope(JSON.parse(JSON.stringify(sent)), sent.status);
    expect(got).toBeInstanceOf(GolemError);
    expect(got.toJSON()).toEqual(sent.toJSON());
    expect(got.status).toBe(409);
  });

  test("fromEnvelope accepts a singular hint and an unknown code", () => {
    const single = GolemError.fromEnvelope(
      { error: { code: "FORBIDDEN", message: "not yours", hint: "use the sender wallet" } },
      403,
    );
    expect(single.hints).toEqual(["use the sender wallet"]);
    const unknown = GolemError.fromEnvelope(
      { error: { code: "FROM_THE_FUTURE", message: "new failure", hints: [] } },
      418,
    );
    expect(unknown.code).toBe("INTERNAL");
    expect(unknown.status).toBe(418);
    expect(unknown.details).toEqual({ code: "FROM_THE_FUTURE" });
  });

  test("fromEnvelope turns a body that is not an envelope into a GolemError", () => {
    expect(GolemError.fromEnvelope("<html>Bad Gateway</html>", 502).code).toBe(
      "PROVIDER_UNREACHABLE",
    );
    const other = GolemError.fromEnvelope({ message: "oops" }, 500);
    expect(other.code).toBe("INTERNAL");
    expect(other.message).toBe("the server answered HTTP 500 without an error envelope");
  });
});

describe("isGolemError", () => {
  test("recognises GolemErrors and narrows by code", () => {
    const err: unknown = new GolemError("STREAM_CLOSED", "stream 1 is closed");
    expect(isGolemError(err)).toBe(true);
    expect(isGolemError(err, "STREAM_CLOSED")).toBe(true);
    expect(isGolemError(err, "STREAM_NOT_FOUND")).toBe(false);
    expect(isGolemError(new Error("x"))).toBe(false);
    expect(isGolemError({ name: "GolemError", code: "INTERNAL" })).toBe(false);
  });

  test("recognises one from another copy of the package", () => {
    const foreign = Object.assign(new Error("x"), { name: "GolemError", code: "VM_NOT_FOUND" });
    expect(isGolemError(foreign, "VM_NOT_FOUND")).toBe(true);
    const wrongCode = Object.assign(new Error("x"), { name: "GolemError", code: "NOPE" });
    expect(isGolemError(wrongCode)).toBe(false);
  });
});

describe("errorCodes", () => {
  test("has the codes the API and CLI rely on, each with a 4xx/5xx status and a hint", () => {
    const required = [
      "VALIDATION_FAILED",
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "NOT_FOUND",
      "VM_NOT_FOUND",
      "VM_NAME_TAKEN",
      "VM_INVALID_STATE",
      "RESOURCES_EXHAUSTED",
      "PORTS_EXHAUSTED",
      "DRIVER_UNAVAILABLE",
      "DRIVER_FAILED",
      "STREAM_NOT_FOUND",
      "STREAM_CLOSED",
      "STREAM_WRONG_SENDER",
      "STREAM_WRONG_RECIPIENT",
      "STREAM_WRONG_TOKEN",
      "STREAM_ALREADY_USED",
      "STREAM_UNDERFUNDED",
      "STREAM_RATE_TOO_LOW",
      "OFFER_EXPIRED",
      "OFFER_INVALID",
      "OFFER_UNKNOWN",
      "CHAIN_UNREACHABLE",
      "CHAIN_MISMATCH",
      "DEPLOYMENT_NOT_FOUND",
      "INSUFFICIENT_FUNDS",
      "CONFIG_INVALID",
      "PROVIDER_UNREACHABLE",
      "INTERNAL",
    ];
    for (const code of required) expect(isGolemErrorCode(code), code).toBe(true);
    for (const [code, { status, hint }] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(status >= 400 && status <= 599, code).toBe(true);
      expect(hint.length, code).toBeGreaterThan(10);
    }
  });
});
