import { isGolemError } from "@vm-on-golem/sdk/errors";
import { describe, expect, it } from "vitest";
import { paymentsScope } from "./vm-providers-scope.ts";

/** The GolemError `paymentsScope` throws for `opts` (fails the test when it does not throw). */
function refusal(opts: Parameters<typeof paymentsScope>[0]) {
  try {
    paymentsScope(opts);
  } catch (error) {
    if (isGolemError(error)) return error;
    throw error;
  }
  throw new Error(`paymentsScope(${JSON.stringify(opts)}) did not fail`);
}

describe("paymentsScope (--payments-network, --all-payments)", () => {
  it("is this CLI's deployment without flags", () => {
    expect(paymentsScope({})).toEqual({ kind: "own" });
  });

  it("maps a network name (any case) to its chain, and --all-payments to every chain", () => {
    expect(paymentsScope({ paymentsNetwork: "sepolia" })).toEqual({
      kind: "chain",
      chainId: 11155111,
    });
    expect(paymentsScope({ paymentsNetwork: "Local" })).toEqual({ kind: "chain", chainId: 31337 });
    expect(paymentsScope({ allPayments: true })).toEqual({ kind: "all" });
  });

  it("refuses an unknown name with VALIDATION_FAILED listing the names", () => {
    const error = refusal({ paymentsNetwork: "nowhere" });
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain('"nowhere"');
    expect(error.details).toEqual({ field: "--payments-network", value: "nowhere" });
    expect(error.hints[0]).toBe("pass one of: local, sepolia, holesky, mainnet, polygon, amoy");
  });

  it("refuses both flags at once", () => {
    const error = refusal({ paymentsNetwork: "local", allPayments: true });
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("cannot be used together");
  });
});
