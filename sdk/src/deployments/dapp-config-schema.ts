import { z } from "zod";
import { checkBrowserPeer } from "../advert/check-browser-peer.ts";
import { type Deployment, deploymentSchema } from "./deployment-schema.ts";

/** The local Hardhat/anvil chain: the only chain a dapp's dev faucet serves. */
const devChainId = 31337;

const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ""));

/**
 * A multiaddr a page on an https origin can dial, ending in the peer id: WebRTC-direct with its
 * certificate hash, or `wss`; plain `ws` on loopback only (see {@link checkBrowserPeer}).
 */
const browserPeer = z.string().superRefine((peer, ctx) => {
  const why = checkBrowserPeer(peer);
  if (why !== undefined) ctx.addIssue({ code: "custom", message: why });
});

/** The settings the static dapp runs with, parsed from its `config.json`. */
export type DappConfig = {
  chainId: number;
  /** JSON-RPC the browser reads the chain through. */
  rpcUrl: string;
  /** Block explorer base URL; none on a local chain. */
  explorerUrl: string | undefined;
  /** WalletConnect Cloud project id; without it only injected wallets are offered. */
  walletConnectProjectId: string | undefined;
  /** Provider API base URLs whose `/api/v1/adverts` the providers page reads (verified in the page). */
  bootstrapApiUrls: string[];
  /** libp2p multiaddrs (ending in `/p2p/<peerId>`) the page joins advert gossip through. */
  bootstrapPeers: string[];
  /** Whether the page gives gas itself (`hardhat_setBalance`): a dev chain, chain 31337 only. */
  devFaucet: boolean;
  /** Where an address without ETH gets gas on this chain (shown when its balance is 0). */
  gasHelp: string;
  /** The contracts on the chain. */
  deployment: Deployment;
};

/**
 * The dapp's `config.json`, next to its static site (written by `./dev web:build` from the
 * environment, or by hand for any static host): the one chain it serves and where it finds
 * providers. Wire form: JSON; parsed form: {@link DappConfig}. Lives here so the page and the
 * tools that write it share one zod.
 */
export const dappConfigSchema = z
  .object({
    /** The contracts on the chain (`deployments/<chainId>.json` as the deploy script writes it). */
    deployment: deploymentSchema,
    /** JSON-RPC the browser reads the chain through. */
    rpcUrl: httpUrl,
    /** Block explorer base URL (default: the deployment's own); none on a local chain. */
    explorerUrl: httpUrl.optional(),
    /** WalletConnect Cloud project id; without it only injected wallets are offered. */
    walletConnectProjectId: z.string().min(1).optional(),
    /** Provider API base URLs whose `/api/v1/adverts` the providers page reads. */
    bootstrapApiUrls: z.array(httpUrl).default([]),
    /** libp2p multiaddrs the page joins advert gossip through. */
    bootstrapPeers: z.array(browserPeer).default([]),
    /** A local Hardhat/anvil chain: the page itself gives a new account gas (31337 only). */
    devChain: z.boolean().default(false),
    /** Where an address without ETH gets gas on this chain (shown when its balance is 0). */
    gasHelp: z.string().trim().min(1).optional(),
  })
  .strict()
  .transform(
    (wire): DappConfig => ({
      chainId: wire.deployment.chainId,
      rpcUrl: wire.rpcUrl,
      explorerUrl: wire.explorerUrl,
      walletConnectProjectId: wire.walletConnectProjectId,
      bootstrapApiUrls: wire.bootstrapApiUrls,
      bootstrapPeers: wire.bootstrapPeers,
      devFaucet: wire.devChain && wire.deployment.chainId === devChainId,
      gasHelp: wire.gasHelp ?? defaultGasHelp(wire.deployment.chainId, wire.devChain),
      deployment: wire.deployment,
    }),
  );

/** `config.json` as written (before defaults). */
export type DappConfigJson = z.input<typeof dappConfigSchema>;

/** The gas text when `config.json` has none. */
function defaultGasHelp(chainId: number, devChain: boolean): string {
  return devChain && chainId === devChainId
    ? "On this local dev chain the Faucet button sends gas (1 ETH) with the test GLM."
    : `Get ETH for gas on chain ${chainId} and send it to your address.`;
}
