import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import ipaddr from "ipaddr.js";
import { runCommand } from "../vm/run-command.ts";
import { buildGuestRuleset, type GuestForward } from "./guest-ruleset.ts";
import { applyNft } from "./nft.ts";
import type { ForwardTarget } from "./tcp-forwarder.ts";

/** Where isolated guests live: the node's bridge, their /24 and what else they may reach. */
export type IsolatedNetworkConfig = {
  /** The bridge the node owns (created when missing), e.g. `golem0`. */
  bridge: string;
  /** The guests' subnet, a /24 such as `10.243.0.0/24`; the bridge takes `.1`, guests `.2`–`.254`. */
  subnet: string;
  /** Destinations allowed although blocked (CIDRs the operator chose). */
  allowEgress: string[];
  /** Connection caps of the kernel forwards (as `ssh.maxConnections` / `ssh.maxConnectionsPerIp`). */
  connectionLimits?: { perGuest: number; perSource: number } | undefined;
  /** Idle timeout of connections through the kernel forwards, s (as `ssh.idleTimeoutSeconds`; 0: the kernel's). */
  idleTimeoutSeconds?: number | undefined;
};

/** A guest's place on the bridge. */
export type GuestAttachment = { tap: string; address: string };

/** Kernel DNAT for public SSH and published ports, plugged into the node's forward table (keyed as it is). */
export type KernelForwards = {
  /** Publishes `publicPort` to `target` in the kernel when the target is an isolated guest; false otherwise. */
  open(vmId: string, publicPort: number, target: ForwardTarget): Promise<boolean>;
  /** Withdraws `vmId`'s kernel forward (no-op when it has none). */
  close(vmId: string): Promise<void>;
  /** Withdraws every kernel forward (the node shuts down; guest isolation stays). */
  closeAll(): Promise<void>;
};

const prefixOf = (subnet: string) => {
  const match = subnet.match(/^(\d{1,3}\.\d{1,3}\.\d{1,3})\.0\/24$/);
  if (!match?.[1]) throw new Error(`guest subnet ${subnet} is not a /24 like 10.243.0.0/24`);
  return match[1];
};

/** The tap device of a VM: `gvm` and 8 hex digits of its id's hash (fits IFNAMSIZ). */
export function tapNameOf(vmId: string): string {
  return `gvm${createHash("sha256").update(vmId).digest("hex").slice(0, 8)}`;
}

/**
 * The first free guest address of `subnet` (`.2`–`.254`) not in `used`; undefined when full.
 *
 * @example freeGuestAddress("10.243.0.0/24", ["10.243.0.2"]); // "10.243.0.3"
 */
export function freeGuestAddress(subnet: string, used: Iterable<string>): string | undefined {
  const prefix = prefixOf(subnet);
  const taken = new Set(used);
  for (let host = 2; host <= 254; host++) {
    if (!taken.has(`${prefix}.${host}`)) return `${prefix}.${host}`;
  }
  return undefined;
}

const ip = (...args: string[]) => runCommand("ip", args, { timeoutMs: 30_000 });

/** `a.b.c.d/len` → the network `a.b.c.0/len` it lies in. */
const networkOf = (address: string, length: number) =>
  `${ipaddr.IPv4.networkAddressFromCIDR(`${address}/${length}`).toString()}/${length}`;

type IpAddr = {
  ifname: string;
  addr_info?: { family: string; local: string; prefixlen: number }[];
};

/** The host's IPv4 addresses and on-link networks, except on `bridge` and loopback. */
async function hostNetworks(bridge: string): Promise<string[]> {
  const links = JSON.parse((await ip("-j", "addr", "show")).stdout) as IpAddr[];
  return links
    .filter((link) => link.ifname !== bridge && link.ifname !== "lo")
    .flatMap((link) => link.addr_info ?? [])
    .filter((a) => a.family === "inet")
    .flatMap((a) => [`${a.local}/32`, networkOf(a.local, a.prefixlen)]);
}

/**
 * The isolated guest network of one node: its bridge (gateway `.1` of the subnet), a tap per
 * VM with bridge port isolation (no guest sees another at layer 2), and one nftables table
 * of the node's own (`vm_on_golem_<bridge>`) whose rules are rebuilt whole on every change (see
 * {@link buildGuestRuleset}), so rules never duplicate and a restart reconciles them, while
 * connections open through its forwards keep their caps' counts and idle timeout.
 * Needs CAP_NET_ADMIN and `nft`.
 *
 * @example
 * const net = createIsolatedNetwork({ bridge: "golem0", subnet: "10.243.0.0/24", allowEgress: [] });
 * await net.setUp();
 * await net.attach({ tap: tapNameOf(id), address: "10.243.0.2" });
 */
export function createIsolatedNetwork(config: IsolatedNetworkConfig) {
  const prefix = prefixOf(config.subnet);
  const gateway = `${prefix}.1`;
  const table = `vm_on_golem_${config.bridge.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const forwards = new Map<string, GuestForward>();
  let applying = Promise.resolve();

  const apply = () => {
    applying = applying
      .catch(() => {})
      .then(async () => {
        const ruleset = (fresh: boolean) =>
          buildGuestRuleset({
            table,
            bridge: config.bridge,
            subnet: config.subnet,
            hostNetworks: hostNets,
            allowEgress: config.allowEgress,
            forwards: [...forwards.values()],
            connectionLimits: config.connectionLimits,
            idleTimeoutSeconds: config.idleTimeoutSeconds,
            fresh,
          });
        const hostNets = await hostNetworks(config.bridge);
        // Kept whole (open connections keep their counts and timeouts); a table another
        // version declared differently fails that, all or nothing, and is replaced instead.
        await applyNft(ruleset(false)).catch(() => applyNft(ruleset(true)));
      });
    return applying;
  };

  const linkExists = (name: string) =>
    ip("link", "show", "dev", name).then(
      () => true,
      () => false,
    );

  const kernelForwards: KernelForwards = {
    async open(vmId, publicPort, target) {
      if (!target.host.startsWith(`${prefix}.`)) return false;
      const current = forwards.get(vmId);
      const same =
        current?.publicPort === publicPort &&
        current.address === target.host &&
        (current.guestPort ?? 22) === target.port;
      if (same) return true;
      forwards.set(vmId, { publicPort, address: target.host, guestPort: target.port });
      await apply();
      return true;
    },
    async close(vmId) {
      if (!forwards.delete(vmId)) return;
      await apply();
    },
    async closeAll() {
      if (forwards.size === 0) return;
      forwards.clear();
      await apply();
    },
  };

  return {
    table,
    gateway,
    subnet: config.subnet,
    /** The guests' prefix length (always 24). */
    prefixLength: 24,
    kernelForwards,

    /**
     * Creates the bridge when missing (address `.1`, up), turns on IPv4 forwarding and loads
     * the table with no forwards yet: isolation holds before any guest runs. Idempotent.
     */
    async setUp(): Promise<void> {
      if (!(await linkExists(config.bridge))) {
        await ip("link", "add", "name", config.bridge, "type", "bridge");
      }
      await ip("addr", "replace", `${gateway}/24`, "dev", config.bridge);
      await ip("link", "set", "dev", config.bridge, "up");
      await enableIpv4Forwarding();
      await apply();
    },

    /**
     * Creates the VM's tap when missing, on the bridge, isolated from the other ports, up, and
     * pins the guest's address to its MAC in the host's neighbour table, so another guest's
     * ARP replies cannot take over its traffic (its DNAT'd SSH among it).
     */
    async attach(guest: GuestAttachment & { mac: string }): Promise<void> {
      if (!(await linkExists(guest.tap))) {
        await ip("tuntap", "add", "dev", guest.tap, "mode", "tap");
      }
      await ip("link", "set", "dev", guest.tap, "master", config.bridge);
      await runCommand("bridge", ["link", "set", "dev", guest.tap, "isolated", "on"], {
        timeoutMs: 30_000,
      });
      await ip("link", "set", "dev", guest.tap, "up");
      await ip(
        "neigh",
        "replace",
        guest.address,
        "lladdr",
        guest.mac,
        "dev",
        config.bridge,
        "nud",
        "permanent",
      );
    },

    /** Removes a VM's tap (after its QEMU is gone) and its neighbour entry; missing ones are no error. */
    async detach(guest: GuestAttachment): Promise<void> {
      if (await linkExists(guest.tap)) await ip("link", "del", "dev", guest.tap);
      await ip("neigh", "del", guest.address, "dev", config.bridge).catch(() => {});
    },

    /** Removes taps on the bridge that belong to no VM (`keep` holds the taps of known VMs). */
    async removeStrayTaps(keep: Set<string>): Promise<string[]> {
      const ports = JSON.parse(
        (await ip("-j", "link", "show", "master", config.bridge)).stdout || "[]",
      ) as { ifname: string }[];
      const stray = ports
        .map((p) => p.ifname)
        .filter((n) => /^gvm[0-9a-f]{8}$/.test(n) && !keep.has(n));
      for (const tap of stray) await ip("link", "del", "dev", tap);
      return stray;
    },
  };
}

/** What {@link createIsolatedNetwork} returns. */
export type IsolatedNetwork = ReturnType<typeof createIsolatedNetwork>;

const ipForwardPath = "/proc/sys/net/ipv4/ip_forward";

/**
 * Turns on IPv4 forwarding unless it is on already: a node running as a service user with
 * CAP_NET_ADMIN (not root) cannot write the sysctl file, so the operator sets it once
 * (`net.ipv4.ip_forward=1` in /etc/sysctl.d) and the node only checks it.
 */
async function enableIpv4Forwarding(): Promise<void> {
  if ((await readFile(ipForwardPath, "utf8")).trim() === "1") return;
  try {
    await writeFile(ipForwardPath, "1\n");
  } catch (error) {
    throw new Error(
      `IPv4 forwarding is off and this user cannot turn it on (${(error as NodeJS.ErrnoException).code ?? "error"}): set net.ipv4.ip_forward=1 in /etc/sysctl.d`,
    );
  }
}
