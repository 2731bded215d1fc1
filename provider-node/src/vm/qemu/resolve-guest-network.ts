import {
  chooseGuestNetwork,
  type GuestNetworkChoice,
  type GuestNetworkMode,
  processHasNetAdmin,
} from "../../net/guest-network-mode.ts";
import type { IsolatedNetwork } from "../../net/isolated-network.ts";
import { nftUnavailable } from "../../net/nft.ts";

/**
 * Decides the guest network once: `isolated` when asked for, the node has CAP_NET_ADMIN, `nft`
 * works and the bridge and table could be set up (reconciled: the table rebuilt whole, taps
 * of no known VM removed), else `none` with the reason. Logs the outcome.
 *
 * @example const mode = await resolveGuestNetwork({ requested: "isolated", isolated, knownTaps, log });
 */
export async function resolveGuestNetwork(p: {
  requested: GuestNetworkChoice;
  isolated: IsolatedNetwork;
  knownTaps: () => Promise<Set<string>>;
  log: (line: string) => void;
}): Promise<GuestNetworkMode> {
  const netAdmin = await processHasNetAdmin();
  let isolatedUnavailable: string | undefined;
  if (p.requested === "isolated" && netAdmin) {
    isolatedUnavailable = await nftUnavailable();
    if (isolatedUnavailable === undefined) {
      try {
        await p.isolated.setUp();
        const stray = await p.isolated.removeStrayTaps(await p.knownTaps());
        if (stray.length > 0) p.log(`guest network: removed taps of no VM: ${stray.join(", ")}`);
      } catch (error) {
        isolatedUnavailable = `setting up the bridge or nftables table failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  }
  const mode = chooseGuestNetwork({ requested: p.requested, netAdmin, isolatedUnavailable });
  p.log(`guest network: ${mode.mode} (${mode.reason})`);
  return mode;
}

/**
 * The mode {@link resolveGuestNetwork} would pick, from the capability and `nft` alone, with
 * no side effect (for `status` while nothing has been set up).
 *
 * @example const mode = await previewGuestNetwork("isolated");
 */
export async function previewGuestNetwork(
  requested: GuestNetworkChoice,
): Promise<GuestNetworkMode> {
  const netAdmin = await processHasNetAdmin();
  const isolatedUnavailable =
    requested === "isolated" && netAdmin ? await nftUnavailable() : undefined;
  return chooseGuestNetwork({ requested, netAdmin, isolatedUnavailable });
}
