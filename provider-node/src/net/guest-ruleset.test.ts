import { describe, expect, it } from "vitest";
import { buildGuestRuleset } from "./guest-ruleset.ts";
import { freeGuestAddress, tapNameOf } from "./isolated-network.ts";

const base = {
  table: "vm_on_golem_golem0",
  bridge: "golem0",
  subnet: "10.243.0.0/24",
  hostNetworks: ["192.0.2.10/32", "192.0.2.0/24"],
  allowEgress: [],
};

describe("buildGuestRuleset", () => {
  it("rebuilds the node's table's rules whole: the same state gives the same text, in any order", () => {
    const a = buildGuestRuleset({
      ...base,
      forwards: [
        { publicPort: 22801, address: "10.243.0.3" },
        { publicPort: 22800, address: "10.243.0.2" },
      ],
    });
    const b = buildGuestRuleset({
      ...base,
      forwards: [
        { publicPort: 22800, address: "10.243.0.2" },
        { publicPort: 22801, address: "10.243.0.3" },
      ],
    });
    expect(a).toBe(b);
    // Declared (a no-op where it exists), every chain and static set emptied, then filled.
    const lines = a.split("\n");
    expect(lines[0]).toBe("table inet vm_on_golem_golem0 {");
    for (const chain of ["input", "forward", "prerouting", "postrouting"]) {
      expect(lines).toContain(`flush chain inet vm_on_golem_golem0 ${chain}`);
    }
    expect(lines).toContain("flush set inet vm_on_golem_golem0 blocked");
    expect(lines).toContain("flush set inet vm_on_golem_golem0 allowed");
    // The connection-count sets are never flushed: a rebuild does not reset a cap.
    expect(a).not.toMatch(/flush set \S+ \S+ conns_/);
    expect(a).not.toContain("delete table");
    expect(a.match(/dnat ip to/g)).toHaveLength(2);
    expect(a).toContain(
      'iifname != "golem0" fib daddr type local tcp dport 22800 dnat ip to 10.243.0.2:22',
    );
  });

  it("blocks private, shared, link-local, multicast ranges and the host's networks; allows what the operator lists", () => {
    const text = buildGuestRuleset({ ...base, allowEgress: ["192.168.7.0/24"], forwards: [] });
    const blocked = text.match(/set blocked \{[^}]*elements = \{ ([^}]*) \}/)?.[1] ?? "";
    for (const cidr of [
      "10.0.0.0/8",
      "172.16.0.0/12",
      "192.168.0.0/16",
      "100.64.0.0/10",
      "169.254.0.0/16",
      "224.0.0.0/4",
      "127.0.0.0/8",
      "192.0.2.0/24",
    ]) {
      expect(blocked).toContain(cidr);
    }
    expect(text).toContain("elements = { 192.168.7.0/24 }");
    // Allowed is checked before blocked; guests never reach the host itself.
    expect(text.indexOf("@allowed accept")).toBeLessThan(text.indexOf("@blocked drop"));
    expect(text).toContain('iifname "golem0" drop');
    expect(text).toContain('ip saddr 10.243.0.0/24 oifname != "golem0" masquerade');
    expect(text).not.toContain("dnat ip to");
    expect(text).not.toContain("ct count");
  });

  it("caps connections through the kernel forwards per guest and per source when asked", () => {
    const text = buildGuestRuleset({
      ...base,
      forwards: [],
      connectionLimits: { perGuest: 128, perSource: 16 },
    });
    expect(text).toContain("add @conns_per_source { ip daddr . ip saddr ct count over 16 } reject");
    expect(text).toContain("add @conns_per_guest { ip daddr ct count over 128 } reject");
    // The caps come before the rule that lets DNAT'd connections in.
    expect(text.indexOf("ct count over 128")).toBeLessThan(text.indexOf("ct status dnat accept"));
  });

  it("gives DNAT'd connections the idle timeout as a conntrack timeout policy named for its value", () => {
    const text = buildGuestRuleset({ ...base, forwards: [], idleTimeoutSeconds: 3600 });
    expect(text).toContain(
      "ct timeout forward_idle_3600 { protocol tcp; l3proto ip; policy = { established: 3600 }; }",
    );
    const set = 'oifname "golem0" ct state new ct status dnat ct timeout set "forward_idle_3600"';
    expect(text).toContain(set);
    expect(text.indexOf(set)).toBeLessThan(text.indexOf("ct status dnat accept"));
    // Without one (0: never), the kernel's own timeouts apply and no policy is declared.
    for (const idleTimeoutSeconds of [0, undefined]) {
      expect(buildGuestRuleset({ ...base, forwards: [], idleTimeoutSeconds })).not.toContain(
        "ct timeout",
      );
    }
  });

  it("resets a forgotten flow's mid-stream packets on both sides before anything accepts them", () => {
    const text = buildGuestRuleset({ ...base, forwards: [] });
    for (const side of ["iifname", "oifname"]) {
      const rule = `${side} "golem0" ct state new tcp flags & (fin | syn | rst | ack) != syn reject with tcp reset`;
      expect(text).toContain(rule);
      expect(text.indexOf(rule)).toBeLessThan(
        text.indexOf(
          'iifname "golem0" ct state established,related accept\n    iifname "golem0" ip daddr',
        ),
      );
    }
  });

  it("fresh: deletes the table first (one another version declared differently)", () => {
    const text = buildGuestRuleset({ ...base, forwards: [], fresh: true });
    expect(text.split("\n").slice(0, 3)).toEqual([
      "table inet vm_on_golem_golem0 {}",
      "delete table inet vm_on_golem_golem0",
      "table inet vm_on_golem_golem0 {",
    ]);
  });
});

describe("guest addresses and taps", () => {
  it("hands out the lowest free address from .2 and fits tap names in IFNAMSIZ", () => {
    expect(freeGuestAddress("10.243.0.0/24", [])).toBe("10.243.0.2");
    expect(freeGuestAddress("10.243.0.0/24", ["10.243.0.2", "10.243.0.4"])).toBe("10.243.0.3");
    const all = Array.from({ length: 253 }, (_, i) => `10.243.0.${i + 2}`);
    expect(freeGuestAddress("10.243.0.0/24", all)).toBeUndefined();
    expect(tapNameOf("vm-1")).toMatch(/^gvm[0-9a-f]{8}$/);
    expect(tapNameOf("vm-1")).toBe(tapNameOf("vm-1"));
    expect(tapNameOf("vm-1")).not.toBe(tapNameOf("vm-2"));
  });
});
