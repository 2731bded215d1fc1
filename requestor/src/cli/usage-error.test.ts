import { describe, expect, it } from "vitest";
import { usageError } from "./usage-error.ts";

describe("usageError", () => {
  it("turns commander's error into VALIDATION_FAILED with a hint", () => {
    const error = usageError({
      code: "commander.unknownOption",
      message: "error: unknown option '--cpus'",
    });
    expect(error.toJSON()).toEqual({
      error: {
        code: "VALIDATION_FAILED",
        message: "unknown option '--cpus'",
        hints: ["see the command's usage with --help"],
        details: { reason: "commander.unknownOption" },
      },
    });
  });
});
