import type { DeploymentJson } from "@vm-on-golem/sdk/deployments";
import type { GolemErrorEnvelope } from "@vm-on-golem/sdk/errors";

/**
 * What the server hands the browser: read from the environment and `deployments/<chainId>.json`
 * on every request, so one build serves any chain.
 */
export type WebConfig = {
  chainId: number;
  /** JSON-RPC the browser reads the chain through. */
  rpcUrl: string;
  /** Block explorer base URL; none on a local chain. */
  explorerUrl: string | undefined;
  /** WalletConnect Cloud project id; without it only injected wallets are offered. */
  walletConnectProjectId: string | undefined;
  /** Provider API base URLs whose `/api/v1/adverts` the providers page reads (verified in the page). */
  bootstrapApiUrls: string[];
  /** libp2p multiaddrs (WebRTC-direct with certhash, ending in `/p2p/<peerId>`) the page joins advert gossip through. */
  bootstrapPeers: string[];
  /** Whether `/api/dev-faucet` gives gas (the local dev chain 31337 only). */
  devFaucet: boolean;
  /** Where an address without ETH gets gas on this chain (shown when its balance is 0). */
  gasHelp: string;
  /** The deployment as JSON (addresses, deploy blocks, token). */
  deployment: DeploymentJson;
};

/** Either the config, or why it could not be loaded (shown instead of the app). */
export type WebConfigResult =
  | { ok: true; config: WebConfig }
  | { ok: false; error: GolemErrorEnvelope["error"] };
