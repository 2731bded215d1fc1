import { describe, expect, it } from "vitest";
import { chooseGuestNetwork, hasNetAdminIn } from "./guest-network-mode.ts";

describe("hasNetAdminIn", () => {
  it("reads bit 12 of CapEff", () => {
    expect(hasNetAdminIn("Name:\tnode\nCapEff:\t000001ffffffffff\n")).toBe(true);
    expect(hasNetAdminIn("CapEff:\t0000000000001000\n")).toBe(true);
    expect(hasNetAdminIn("CapEff:\t0000000000000fff\n")).toBe(false);
    expect(hasNetAdminIn("CapEff:\t0000000000000000\n")).toBe(false);
    expect(hasNetAdminIn("")).toBe(false);
  });
});

describe("chooseGuestNetwork", () => {
  it("keeps guests without egress when the operator chose none, even as root", () => {
    const mode = chooseGuestNetwork({ requested: "none", netAdmin: true });
    expect(mode).toMatchObject({ requested: "none", mode: "none" });
    expect(mode.reason).toContain("vms.network: none");
  });

  it("falls back to no egress without CAP_NET_ADMIN and says so", () => {
    const mode = chooseGuestNetwork({ requested: "isolated", netAdmin: false });
    expect(mode).toMatchObject({ requested: "isolated", mode: "none" });
    expect(mode.reason).toContain("lacks CAP_NET_ADMIN");
    expect(mode.reason).toContain("restrict=on");
  });

  it("falls back with the reason when the isolated network cannot be set up", () => {
    const mode = chooseGuestNetwork({
      requested: "isolated",
      netAdmin: true,
      isolatedUnavailable: "nft is not installed",
    });
    expect(mode).toMatchObject({ mode: "none" });
    expect(mode.reason).toContain("nft is not installed");
  });

  it("isolates when asked for and possible", () => {
    expect(chooseGuestNetwork({ requested: "isolated", netAdmin: true }).mode).toBe("isolated");
  });
});
