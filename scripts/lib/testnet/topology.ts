/**
 * The testnet's network: one namespace per host, all wired to a "public internet" bridge that
 * lives in a namespace of its own and routes between three documentation ranges, plus a NAT
 * router with one provider behind it.
 *
 *                      [net ns: bridge br0, forwards between its three subnets]
 *   198.51.100.0/24    .1 ── chain 198.51.100.10 (Hardhat node), boot 198.51.100.20 (libp2p)
 *   192.0.2.0/24       .1 ── provider-a 192.0.2.10, provider-b 192.0.2.11
 *   203.0.113.0/24     .1 ── nat 203.0.113.30 (masquerade, no port forwards) ── 10.77.0.1/24
 *                                                  └── provider-c 10.77.0.10 (behind the NAT)
 *                      .1 ── requestor 203.0.113.50
 *
 * Every namespace is named `<prefix><run id>-<host>`, so parallel runs and leftovers never
 * collide; nothing is added to the caller's own namespace and no route leads out of the testnet.
 *
 * @example
 * const net = testnetTopology("a1b2c3");
 * await buildTopology(net, cleanup);
 */
import { inNetns, ipCommand } from "./netns.ts";

/** Prefix of every namespace a testnet makes (its stale-namespace sweep matches on it). */
export const TESTNET_PREFIX = "gtn-";

/** One host: its namespace and its address on the network it sits on. */
export type TestnetHost = { ns: string; address: string };

/** Every namespace and address of one testnet run. */
export type TestnetTopology = {
  runId: string;
  /** The "public internet": the bridge and the router between the three ranges. */
  net: { ns: string };
  chain: TestnetHost;
  boot: TestnetHost;
  providerA: TestnetHost;
  providerB: TestnetHost;
  /** The NAT router: `address` is its public side, `lanAddress` the side its provider sees. */
  nat: TestnetHost & { lanAddress: string };
  /** The provider behind the NAT (its address is on the NAT's LAN, not public). */
  providerC: TestnetHost;
  requestor: TestnetHost;
};

/** The names and addresses of a testnet with run id `runId` (short: namespace names stay readable). */
export function testnetTopology(runId: string): TestnetTopology {
  const ns = (host: string) => `${TESTNET_PREFIX}${runId}-${host}`;
  return {
    runId,
    net: { ns: ns("net") },
    chain: { ns: ns("chain"), address: "198.51.100.10" },
    boot: { ns: ns("boot"), address: "198.51.100.20" },
    providerA: { ns: ns("pa"), address: "192.0.2.10" },
    providerB: { ns: ns("pb"), address: "192.0.2.11" },
    nat: { ns: ns("nat"), address: "203.0.113.30", lanAddress: "10.77.0.1" },
    providerC: { ns: ns("pc"), address: "10.77.0.10" },
    requestor: { ns: ns("req"), address: "203.0.113.50" },
  };
}

/** The run id of a testnet namespace's name, or undefined for any other name. */
export function runIdOfNamespace(ns: string): string | undefined {
  return ns.match(new RegExp(`^${TESTNET_PREFIX}([0-9a-f]+)-[a-z]+$`))?.[1];
}

/** Every namespace of `topology`, the bridge's first. */
export function topologyNamespaces(topology: TestnetTopology): string[] {
  const { net, chain, boot, providerA, providerB, nat, providerC, requestor } = topology;
  return [net, chain, boot, providerA, providerB, nat, providerC, requestor].map((h) => h.ns);
}

/** The bridge's address (the hosts' gateway) on the /24 of `address`. */
function gatewayOf(address: string): string {
  return `${address.split(".").slice(0, 3).join(".")}.1`;
}

/**
 * Wires `host`'s `eth0` to the bridge: a veth pair whose other end (`port`) is a port of br0,
 * the host's address, and a default route through the bridge's router.
 */
async function attachToBridge(
  topology: TestnetTopology,
  host: TestnetHost,
  port: string,
): Promise<void> {
  const net = topology.net.ns;
  await ipCommand(
    ...["-n", host.ns, "link", "add", "eth0", "type", "veth"],
    ...["peer", "name", port, "netns", net],
  );
  await ipCommand("-n", net, "link", "set", port, "master", "br0");
  await ipCommand("-n", net, "link", "set", port, "up");
  await ipCommand("-n", host.ns, "addr", "add", `${host.address}/24`, "dev", "eth0");
  await ipCommand("-n", host.ns, "link", "set", "eth0", "up");
  await ipCommand("-n", host.ns, "route", "add", "default", "via", gatewayOf(host.address));
}

/**
 * Builds the links, addresses, routes and the NAT of `topology` in namespaces that already
 * exist (see {@link topologyNamespaces}).
 */
export async function buildTopology(topology: TestnetTopology): Promise<void> {
  const { net, nat, providerC } = topology;
  await ipCommand("-n", net.ns, "link", "add", "br0", "type", "bridge");
  for (const gateway of ["198.51.100.1/24", "192.0.2.1/24", "203.0.113.1/24"]) {
    await ipCommand("-n", net.ns, "addr", "add", gateway, "dev", "br0");
  }
  await ipCommand("-n", net.ns, "link", "set", "br0", "up");
  await inNetns(net.ns, ["sysctl", "-qw", "net.ipv4.ip_forward=1"]);
  await attachToBridge(topology, topology.chain, "chain");
  await attachToBridge(topology, topology.boot, "boot");
  await attachToBridge(topology, topology.providerA, "pa");
  await attachToBridge(topology, topology.providerB, "pb");
  await attachToBridge(topology, nat, "nat");
  await attachToBridge(topology, topology.requestor, "req");

  // The NAT's LAN: provider-c's eth0 to the router's lan0; outbound masqueraded, nothing forwarded in.
  await ipCommand(
    ...["-n", providerC.ns, "link", "add", "eth0", "type", "veth"],
    ...["peer", "name", "lan0", "netns", nat.ns],
  );
  await ipCommand("-n", nat.ns, "addr", "add", `${nat.lanAddress}/24`, "dev", "lan0");
  await ipCommand("-n", nat.ns, "link", "set", "lan0", "up");
  await ipCommand("-n", providerC.ns, "addr", "add", `${providerC.address}/24`, "dev", "eth0");
  await ipCommand("-n", providerC.ns, "link", "set", "eth0", "up");
  await ipCommand("-n", providerC.ns, "route", "add", "default", "via", nat.lanAddress);
  await inNetns(nat.ns, ["sysctl", "-qw", "net.ipv4.ip_forward=1"]);
  await inNetns(nat.ns, [
    "nft",
    [
      "add table ip testnet_nat",
      "add chain ip testnet_nat postrouting { type nat hook postrouting priority 100 ; }",
      `add rule ip testnet_nat postrouting oifname "eth0" ip saddr 10.77.0.0/24 masquerade`,
      // Only replies come in: a connection from outside to the LAN is dropped, as a home router does.
      "add chain ip testnet_nat forward { type filter hook forward priority 0 ; policy drop ; }",
      `add rule ip testnet_nat forward iifname "lan0" oifname "eth0" accept`,
      `add rule ip testnet_nat forward ct state established,related accept`,
    ].join("\n"),
  ]);
}
