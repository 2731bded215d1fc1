/**
 * Destinations no guest may reach unless the operator allows them: "this" network, RFC 1918,
 * shared address space (100.64/10, carrier NAT), loopback, link-local (169.254/16: cloud
 * metadata), multicast and the reserved 240/4 (broadcast included).
 */
export const blockedGuestDestinations = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "224.0.0.0/4",
  "240.0.0.0/4",
];

/** One VM's public port handled by the kernel: `publicPort` → `address:guestPort` (default 22, SSH). */
export type GuestForward = { publicPort: number; address: string; guestPort?: number };

/** Parameters of {@link buildGuestRuleset}. */
export type BuildGuestRulesetParameters = {
  /** The nftables table (family inet) the node owns; nothing else is touched. */
  table: string;
  /** The node's bridge, whose ports are the guests' taps. */
  bridge: string;
  /** The guests' subnet, e.g. `10.243.0.0/24`. */
  subnet: string;
  /** The host's own networks (addresses and on-link prefixes of its other interfaces). */
  hostNetworks: string[];
  /** Destinations the operator allows although they are blocked (CIDRs). */
  allowEgress: string[];
  forwards: GuestForward[];
  /**
   * Most open connections through the kernel forwards, to one guest from all sources and
   * from one source address; more are reset at once (the userspace forward's caps, in the kernel).
   */
  connectionLimits?: { perGuest: number; perSource: number } | undefined;
};

const elements = (cidrs: string[]) =>
  cidrs.length === 0 ? "" : ` elements = { ${[...new Set(cidrs)].join(", ")} };`;

/**
 * The whole nftables script for the node's table, replacing whatever the table held in one
 * transaction (`table … {}` creates it when missing, `delete table` empties it, then it is
 * declared anew), so applying it twice, or after a crash, leaves exactly one copy of each
 * rule. Guests get: egress to the internet, masqueraded; nothing to the host itself, other
 * guests (also stopped at layer 2 by bridge port isolation), blocked ranges or the host's
 * networks, no IPv6, no spoofed source; in from outside only replies and DNAT'd SSH.
 * Pure: same input, same text.
 *
 * @example await applyNft(buildGuestRuleset({ table: "vm_on_golem", bridge: "golem0", subnet: "10.243.0.0/24", hostNetworks: [], allowEgress: [], forwards: [] }));
 */
export function buildGuestRuleset(p: BuildGuestRulesetParameters): string {
  const br = JSON.stringify(p.bridge);
  const dnat = [...p.forwards]
    .sort((a, b) => a.publicPort - b.publicPort)
    .map(
      (f) =>
        `    iifname != ${br} fib daddr type local tcp dport ${f.publicPort} dnat ip to ${f.address}:${f.guestPort ?? 22}`,
    );
  return [
    `table inet ${p.table} {}`,
    `delete table inet ${p.table}`,
    `table inet ${p.table} {`,
    `  set blocked { type ipv4_addr; flags interval; auto-merge;${elements([...blockedGuestDestinations, ...p.hostNetworks])} }`,
    `  set allowed { type ipv4_addr; flags interval; auto-merge;${elements(p.allowEgress)} }`,
    "  set conns_per_guest { type ipv4_addr; flags dynamic; size 65535; }",
    "  set conns_per_source { type ipv4_addr . ipv4_addr; flags dynamic; size 65535; }",
    "  chain input {",
    "    type filter hook input priority filter; policy accept;",
    `    iifname ${br} ct state established,related accept`,
    `    iifname ${br} drop`,
    "  }",
    "  chain forward {",
    "    type filter hook forward priority filter; policy accept;",
    `    iifname ${br} meta nfproto ipv6 drop`,
    `    iifname ${br} ip saddr != ${p.subnet} drop`,
    `    iifname ${br} oifname ${br} drop`,
    // Replies to connections made to the guest (SSH through DNAT from the host's LAN too).
    `    iifname ${br} ct state established,related accept`,
    `    iifname ${br} ip daddr @allowed accept`,
    `    iifname ${br} ip daddr @blocked drop`,
    `    iifname ${br} accept`,
    `    oifname ${br} ct state established,related accept`,
    ...(p.connectionLimits
      ? [
          `    oifname ${br} ct state new ct status dnat add @conns_per_source { ip daddr . ip saddr ct count over ${p.connectionLimits.perSource} } reject with tcp reset`,
          `    oifname ${br} ct state new ct status dnat add @conns_per_guest { ip daddr ct count over ${p.connectionLimits.perGuest} } reject with tcp reset`,
        ]
      : []),
    `    oifname ${br} ct status dnat accept`,
    `    oifname ${br} drop`,
    "  }",
    "  chain prerouting {",
    "    type nat hook prerouting priority dstnat; policy accept;",
    ...dnat,
    "  }",
    "  chain postrouting {",
    "    type nat hook postrouting priority srcnat; policy accept;",
    `    ip saddr ${p.subnet} oifname != ${br} masquerade`,
    "  }",
    "}",
    "",
  ].join("\n");
}
