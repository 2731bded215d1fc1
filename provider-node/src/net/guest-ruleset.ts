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
   * Most open connections through the kernel forwards, to one guest from all sources (across
   * all its public ports) and to one guest from one source address; more are reset at once
   * (the userspace forward's caps, in the kernel).
   */
  connectionLimits?: { perGuest: number; perSource: number } | undefined;
  /**
   * Seconds a connection through a kernel forward may carry no packet either way before the
   * kernel forgets it (its conntrack entry's established timeout); its next packet, either
   * way, is answered with a reset. The userspace forward's idle timeout, in the kernel.
   * 0 or absent: the kernel's default (5 days).
   */
  idleTimeoutSeconds?: number | undefined;
  /**
   * Delete the table before declaring it: for a table left by another version whose sets or
   * chains are declared differently. Without it the table's state is kept (see below).
   */
  fresh?: boolean | undefined;
};

const elements = (cidrs: string[]) =>
  cidrs.length === 0 ? "" : ` elements = { ${[...new Set(cidrs)].join(", ")} };`;

const chains = {
  input: "type filter hook input priority filter; policy accept;",
  forward: "type filter hook forward priority filter; policy accept;",
  prerouting: "type nat hook prerouting priority dstnat; policy accept;",
  postrouting: "type nat hook postrouting priority srcnat; policy accept;",
} as const;

/** The conntrack timeout policy's name: it carries its value, so a new value is a new object. */
export const idleTimeoutName = (seconds: number) => `forward_idle_${seconds}`;

/**
 * The whole nftables script for the node's table, applied in one transaction: it declares the
 * table, its sets, conntrack timeout policy and base chains (a no-op for those that exist),
 * empties every chain and the static sets, then fills them anew. So applying it twice, or after
 * a crash, leaves exactly one copy of each rule, while what the kernel keeps for connections
 * open through the forwards survives a rebuild: the connection-count sets (a rebuild never
 * resets a cap) and the timeout policy they were given (deleting it would return them to the
 * kernel's default). Guests get: egress to the internet, masqueraded; nothing to the host
 * itself, other guests (also stopped at layer 2 by bridge port isolation), blocked ranges or
 * the host's networks, no IPv6, no spoofed source; in from outside only replies and DNAT'd
 * ports, capped and timed out. A TCP packet that opens no connection and belongs to none (a
 * flow the kernel forgot, e.g. after its idle timeout) is answered with a reset, on both sides.
 * Pure: same input, same text.
 *
 * @example await applyNft(buildGuestRuleset({ table: "vm_on_golem", bridge: "golem0", subnet: "10.243.0.0/24", hostNetworks: [], allowEgress: [], forwards: [] }));
 */
export function buildGuestRuleset(p: BuildGuestRulesetParameters): string {
  const br = JSON.stringify(p.bridge);
  const t = `inet ${p.table}`;
  const idle = p.idleTimeoutSeconds ? idleTimeoutName(p.idleTimeoutSeconds) : undefined;
  const dnat = [...p.forwards]
    .sort((a, b) => a.publicPort - b.publicPort)
    .map(
      (f) =>
        `iifname != ${br} fib daddr type local tcp dport ${f.publicPort} dnat ip to ${f.address}:${f.guestPort ?? 22}`,
    );
  const rules: Record<keyof typeof chains, string[]> = {
    input: [`iifname ${br} ct state established,related accept`, `iifname ${br} drop`],
    forward: [
      `iifname ${br} meta nfproto ipv6 drop`,
      `iifname ${br} ip saddr != ${p.subnet} drop`,
      `iifname ${br} oifname ${br} drop`,
      // Mid-stream packets of a forgotten flow: a reset ends it on that side, not a new flow.
      `iifname ${br} ct state new tcp flags & (fin | syn | rst | ack) != syn reject with tcp reset`,
      `oifname ${br} ct state new tcp flags & (fin | syn | rst | ack) != syn reject with tcp reset`,
      // Replies to connections made to the guest (SSH through DNAT from the host's LAN too).
      `iifname ${br} ct state established,related accept`,
      `iifname ${br} ip daddr @allowed accept`,
      `iifname ${br} ip daddr @blocked drop`,
      `iifname ${br} accept`,
      `oifname ${br} ct state established,related accept`,
      ...(p.connectionLimits
        ? [
            `oifname ${br} ct state new ct status dnat add @conns_per_source { ip daddr . ip saddr ct count over ${p.connectionLimits.perSource} } reject with tcp reset`,
            `oifname ${br} ct state new ct status dnat add @conns_per_guest { ip daddr ct count over ${p.connectionLimits.perGuest} } reject with tcp reset`,
          ]
        : []),
      // Set while the connection's entry is new (unconfirmed): the kernel takes it only then.
      ...(idle ? [`oifname ${br} ct state new ct status dnat ct timeout set "${idle}"`] : []),
      `oifname ${br} ct status dnat accept`,
      `oifname ${br} drop`,
    ],
    prerouting: dnat,
    postrouting: [`ip saddr ${p.subnet} oifname != ${br} masquerade`],
  };
  const names = Object.keys(chains) as (keyof typeof chains)[];
  const staticSets = (withElements: boolean) => [
    `  set blocked { type ipv4_addr; flags interval; auto-merge;${withElements ? elements([...blockedGuestDestinations, ...p.hostNetworks]) : ""} }`,
    `  set allowed { type ipv4_addr; flags interval; auto-merge;${withElements ? elements(p.allowEgress) : ""} }`,
  ];
  return [
    ...(p.fresh ? [`table ${t} {}`, `delete table ${t}`] : []),
    `table ${t} {`,
    ...(idle
      ? [
          `  ct timeout ${idle} { protocol tcp; l3proto ip; policy = { established: ${p.idleTimeoutSeconds} }; }`,
        ]
      : []),
    ...staticSets(false),
    "  set conns_per_guest { type ipv4_addr; flags dynamic; size 65535; }",
    "  set conns_per_source { type ipv4_addr . ipv4_addr; flags dynamic; size 65535; }",
    ...names.map((name) => `  chain ${name} { ${chains[name]} }`),
    "}",
    ...names.map((name) => `flush chain ${t} ${name}`),
    `flush set ${t} blocked`,
    `flush set ${t} allowed`,
    `table ${t} {`,
    ...staticSets(true),
    ...names.flatMap((name) => [
      `  chain ${name} {`,
      ...rules[name].map((rule) => `    ${rule}`),
      "  }",
    ]),
    "}",
    "",
  ].join("\n");
}
