import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { describe, expect, it } from "vitest";
import { quoteProblem, streamLeftOpen } from "./quote-checks.ts";

const base = {
  deposit: 100n,
  seconds: 4000n,
  minRunwaySeconds: 3600,
  balance: 100n,
  payer: "0xme",
  providerId: "0xp",
  glm: (v: bigint) => `${v} tGLM`,
};

describe("quoteProblem", () => {
  it("accepts a funded quote with enough runway", () => {
    expect(quoteProblem(base)).toBeUndefined();
  });
  it("refuses a deposit above the balance", () => {
    expect(quoteProblem({ ...base, balance: 99n })?.toJSON().error).toMatchObject({
      code: "INSUFFICIENT_FUNDS",
      message: "the deposit is 100 tGLM but 0xme holds 99 tGLM",
    });
  });
  it("refuses a runway that would run short of the minimum + margin, naming enough hours", () => {
    const error = quoteProblem({ ...base, seconds: 3800n });
    expect(error?.code).toBe("VALIDATION_FAILED");
    expect(error?.hints).toEqual(["pass --hours 1.1 or more"]);
  });
});

describe("streamLeftOpen", () => {
  it("keeps the code and adds how to retry on the open stream", () => {
    const error = streamLeftOpen(
      new GolemError("DRIVER_FAILED", "boom"),
      "web-1",
      "0xp",
    ) as GolemError;
    expect(error.code).toBe("DRIVER_FAILED");
    expect(error.message).toBe("boom (the stream for this VM is open)");
    expect(error.hints[1]).toContain("--stream-id <id>");
  });
});
