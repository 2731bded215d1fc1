import { describe, expect, it } from "vitest";
import { runIdOfNamespace, testnetTopology, topologyNamespaces } from "./topology.ts";

describe("testnetTopology", () => {
  it("names every namespace after the run, so two runs share none", () => {
    const one = topologyNamespaces(testnetTopology("a1b2c3"));
    const two = topologyNamespaces(testnetTopology("d4e5f6"));
    expect(new Set(one).size).toBe(8);
    expect(one.filter((ns) => two.includes(ns))).toEqual([]);
    for (const ns of one) expect(runIdOfNamespace(ns)).toBe("a1b2c3");
  });

  it("the stale sweep takes only its own names: another program's namespace is no testnet's", () => {
    for (const ns of ["gi-p-a1b2c3", "gtn-", "gtn-a1b2c3", "gtn-XYZ-net", "my-gtn-a1b2c3-net"]) {
      expect(runIdOfNamespace(ns)).toBeUndefined();
    }
  });

  it("puts the hosts on documentation ranges, and only the NATed provider on a private LAN", () => {
    const t = testnetTopology("a1b2c3");
    const documentation = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/;
    for (const host of [t.chain, t.boot, t.providerA, t.providerB, t.nat, t.requestor]) {
      expect(host.address).toMatch(documentation);
    }
    expect(t.providerC.address).toMatch(/^10\.77\.0\./);
    expect(t.nat.lanAddress).toMatch(/^10\.77\.0\./);
  });
});
