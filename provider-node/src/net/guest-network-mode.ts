import { readFile } from "node:fs/promises";

/** What the operator asks for (`vms.network`): isolated guests with egress, or no egress at all. */
export type GuestNetworkChoice = "isolated" | "none";

/** The guest network in force, why, and what was asked for (shown by `status` and `provider/info`). */
export type GuestNetworkMode = {
  requested: GuestNetworkChoice;
  /**
   * `isolated`: a tap per VM on the node's bridge, nftables masquerade out, the host and
   * private networks dropped. `none`: QEMU user networking with `restrict=on` (no egress).
   */
  mode: GuestNetworkChoice;
  reason: string;
};

// Bit 12 of the capability sets (linux/capability.h).
const capNetAdmin = 12n;

/**
 * Whether the `CapEff:` line of a `/proc/<pid>/status` text grants CAP_NET_ADMIN.
 *
 * @example hasNetAdminIn("CapEff:\t000001ffffffffff\n"); // true
 */
export function hasNetAdminIn(procStatus: string): boolean {
  const hex = procStatus.match(/^CapEff:\s*([0-9a-fA-F]+)$/m)?.[1];
  return hex !== undefined && ((BigInt(`0x${hex}`) >> capNetAdmin) & 1n) === 1n;
}

/** Whether this process may create bridges, taps and nftables rules (CAP_NET_ADMIN). */
export async function processHasNetAdmin(): Promise<boolean> {
  return hasNetAdminIn(await readFile("/proc/self/status", "utf8").catch(() => ""));
}

const noEgress =
  "guests use QEMU user networking with restrict=on: no egress, SSH only through the host forward";

/**
 * Picks the guest network: `isolated` when asked for, the node has CAP_NET_ADMIN and the
 * isolated network can be set up (`isolatedUnavailable` says why not), else `none`, with the
 * reason in words an operator can act on.
 *
 * @example chooseGuestNetwork({ requested: "isolated", netAdmin: false }).mode; // "none"
 */
export function chooseGuestNetwork(p: {
  requested: GuestNetworkChoice;
  netAdmin: boolean;
  isolatedUnavailable?: string | undefined;
}): GuestNetworkMode {
  const { requested } = p;
  if (requested === "none") {
    return { requested, mode: "none", reason: `the operator chose vms.network: none; ${noEgress}` };
  }
  if (!p.netAdmin) {
    return {
      requested,
      mode: "none",
      reason: `the node lacks CAP_NET_ADMIN (run it as root or grant the capability) so isolated networking cannot be set up; ${noEgress}`,
    };
  }
  if (p.isolatedUnavailable !== undefined) {
    return {
      requested,
      mode: "none",
      reason: `isolated networking cannot be set up: ${p.isolatedUnavailable}; ${noEgress}`,
    };
  }
  return {
    requested,
    mode: "isolated",
    reason:
      "each VM on a tap of the node's bridge: egress masqueraded; the host, other guests and private networks dropped",
  };
}
