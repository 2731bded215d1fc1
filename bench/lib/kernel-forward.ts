import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { buildGuestRuleset } from "../../provider-node/src/net/guest-ruleset.ts";
import type { CleanupStack } from "../../scripts/lib/cleanup-stack.ts";
import { measurePaths, startPeer } from "./tcp-paths.ts";

const run = promisify(execFile);

/** MB/s of every round per path; medians are the caller's. */
export type KernelForwardSamples = {
  /** To the provider's sink, the userspace forwarder's baseline. */
  direct: number[];
  userspace: number[];
  /** To the guest's sink through the provider's routing and rule set, without NAT: the kernel path's baseline. */
  routed: number[];
  kernel: number[];
};

/**
 * Plain TCP from a client namespace to a provider namespace over a veth pair, four ways:
 * direct to a sink on the provider, and through the node's userspace forwarder (its own
 * process) to that sink on 127.0.0.1, like a QEMU host forward; routed to a sink in a guest
 * namespace behind the provider's bridge (no NAT), and the kernel path to the same sink: the
 * node's nftables rule set (`buildGuestRuleset` with its connection caps, as isolated VMs get)
 * DNATing a public port of the provider to it. The rule set is the node's, plus one accept for
 * the routed path only (the node's drops every connection into the bridge that it did not DNAT). Needs root:
 * it makes three network namespaces (addresses from 192.0.2.0/24 and 10.243.0.0/24, only
 * inside them) and touches nothing else; `cleanup` removes them and stops the processes, on
 * exit, failure and Ctrl-C.
 *
 * @example const samples = await measureKernelForward({ cleanup, rounds: 5, mib: 256 });
 */
export async function measureKernelForward(p: {
  cleanup: CleanupStack;
  rounds: number;
  mib: number;
}): Promise<KernelForwardSamples> {
  const tag = `${process.pid.toString(16)}${Math.random().toString(16).slice(2, 5)}`;
  const [client, provider, guest] = ["c", "p", "g"].map((role) => `gbk-${role}-${tag}`) as [
    string,
    string,
    string,
  ];
  const ip = (...args: string[]) => run("ip", args);
  for (const ns of [client, provider, guest]) {
    await ip("netns", "add", ns);
    p.cleanup.add(`remove network namespace ${ns}`, () => ip("netns", "del", ns));
    await ip("-n", ns, "link", "set", "lo", "up");
  }
  // client eth0 192.0.2.1 ⇄ up0 192.0.2.10 provider, bridge gbench0 10.243.0.1 ⇄ eth0 10.243.0.2 guest
  await ip("-n", client, "link", "add", "eth0", "type", "veth", "peer", "name", "up0");
  await ip("-n", client, "link", "set", "up0", "netns", provider);
  await ip("-n", guest, "link", "add", "eth0", "type", "veth", "peer", "name", "tap0");
  await ip("-n", guest, "link", "set", "tap0", "netns", provider);
  await ip("-n", provider, "link", "add", "gbench0", "type", "bridge");
  await ip("-n", provider, "link", "set", "tap0", "master", "gbench0");
  await ip("-n", client, "addr", "add", "192.0.2.1/24", "dev", "eth0");
  await ip("-n", provider, "addr", "add", "192.0.2.10/24", "dev", "up0");
  await ip("-n", provider, "addr", "add", "10.243.0.1/24", "dev", "gbench0");
  await ip("-n", guest, "addr", "add", "10.243.0.2/24", "dev", "eth0");
  for (const [ns, link] of [
    [client, "eth0"],
    [provider, "up0"],
    [provider, "tap0"],
    [provider, "gbench0"],
    [guest, "eth0"],
  ] as const) {
    await ip("-n", ns, "link", "set", link, "up");
  }
  await ip("-n", guest, "route", "add", "default", "via", "10.243.0.1");
  await ip("-n", client, "route", "add", "10.243.0.0/24", "via", "192.0.2.10");
  const inProvider = ["ip", "netns", "exec", provider];
  await run(inProvider[0] as string, [
    ...inProvider.slice(1),
    "sysctl",
    "-qw",
    "net.ipv4.ip_forward=1",
  ]);

  const guestSink = await startPeer(
    p.cleanup,
    ["ip", "netns", "exec", guest],
    ["sink", "0.0.0.0", "0"],
  );
  const sinkPort = await startPeer(p.cleanup, inProvider, ["sink", "0.0.0.0", "0"]);
  const userspacePort = await startPeer(p.cleanup, inProvider, [
    "forward",
    "0.0.0.0",
    "0",
    String(sinkPort),
  ]);
  const kernelPort = [5003, 5004, 5005].find((port) => port !== userspacePort && port !== sinkPort);
  const ruleset = buildGuestRuleset({
    table: "vm_on_golem_bench",
    bridge: "gbench0",
    subnet: "10.243.0.0/24",
    hostNetworks: ["192.0.2.0/24"],
    allowEgress: [],
    forwards: [{ publicPort: kernelPort as number, address: "10.243.0.2", guestPort: guestSink }],
    connectionLimits: { perGuest: 128, perSource: 16 },
  });
  const nft = spawn(inProvider[0] as string, [...inProvider.slice(1), "nft", "-f", "-"], {
    stdio: ["pipe", "inherit", "inherit"],
  });
  const routedAccept = `    oifname "gbench0" ip saddr 192.0.2.1 tcp dport ${guestSink} ct status != dnat accept`;
  const lastDrop = '    oifname "gbench0" drop\n';
  if (!ruleset.includes(lastDrop))
    throw new Error(
      "the node's rule set no longer ends its forward chain with a drop into the bridge",
    );
  nft.stdin.end(ruleset.replace(lastDrop, `${routedAccept}\n${lastDrop}`));
  const [code] = await once(nft, "close");
  if (code !== 0) throw new Error(`nft -f in ${provider} failed (${code})`);

  const host = "192.0.2.10";
  return measurePaths({
    where: ["ip", "netns", "exec", client],
    paths: {
      direct: { host, port: sinkPort },
      userspace: { host, port: userspacePort },
      routed: { host: "10.243.0.2", port: guestSink },
      kernel: { host, port: kernelPort as number },
    },
    rounds: p.rounds,
    mib: p.mib,
  });
}
