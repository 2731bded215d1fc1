import { describe, expect, it } from "vitest";
import { reachabilityProblem } from "./reachability-problem.ts";

const base = { providerId: "0xP", apiUrl: "http://203.0.113.30:7466", timeoutMs: 10_000 };

describe("reachabilityProblem", () => {
  it("lets a provider that answered through", () => {
    expect(reachabilityProblem({ ...base, seen: { reachable: true, latencyMs: 4 } })).toBe(
      undefined,
    );
  });

  it("refuses one that did not answer, naming its URL, what was seen and --force", () => {
    const problem = reachabilityProblem({
      ...base,
      seen: { reachable: false, reason: "unreachable", detail: "ECONNREFUSED" },
    });
    expect(problem?.code).toBe("PROVIDER_UNREACHABLE");
    expect(problem?.message).toBe(
      "provider 0xP's API at http://203.0.113.30:7466 could not be connected to (ECONNREFUSED); nothing was paid",
    );
    expect(problem?.hints.join("\n")).toContain("--force");
    expect(problem?.details).toEqual({
      providerId: "0xP",
      apiUrl: "http://203.0.113.30:7466",
      reason: "unreachable",
      detail: "ECONNREFUSED",
    });
  });

  it("says what each kind of failure was", () => {
    const said = (seen: Parameters<typeof reachabilityProblem>[0]["seen"]) =>
      reachabilityProblem({ ...base, seen })?.message;
    expect(said({ reachable: false, reason: "timeout" })).toContain("did not answer within 10 s");
    expect(said({ reachable: false, reason: "http-error", status: 500 })).toContain(
      "answered HTTP 500",
    );
    expect(
      said({ reachable: false, reason: "wrong-provider", reportedProviderId: "0xQ" }),
    ).toContain("answers as provider 0xQ");
    expect(said({ reachable: false, reason: "payments-off" })).toContain("does not take payments");
  });
});
