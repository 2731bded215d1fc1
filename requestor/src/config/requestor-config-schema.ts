import { paymentsNetworkNames, paymentsNetworks } from "@vm-on-golem/sdk/deployments";
import { z } from "zod";

/** Env prefix of every requestor setting, e.g. `GOLEM_REQUESTOR_RPC_URL`. */
export const requestorEnvPrefix = "GOLEM_REQUESTOR_";

/**
 * Every setting of the `golem` CLI: one schema with a description and default per key.
 * Resolved flag > env (`GOLEM_REQUESTOR_*`) > `<home>/config.json` > default, only in `main.ts`.
 */
export const requestorConfigSchema = z.object({
  home: z
    .string()
    .min(1)
    .default("~/.golem")
    .describe("state folder: SSH keys, payment key, SQLite db (env GOLEM_REQUESTOR_HOME)"),
  network: z
    .enum(paymentsNetworkNames)
    .default("local")
    .describe("payments network by name; chainId overrides it"),
  chainId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("EIP-155 chain id of the payments chain (default: the network's)"),
  rpcUrl: z.url().default("http://127.0.0.1:8545").describe("JSON-RPC URL of the payments chain"),
  deploymentsDir: z
    .string()
    .min(1)
    .optional()
    .describe("folder holding <chainId>.json deployments (default: the repository's deployments/)"),
  explorerUrl: z
    .url()
    .optional()
    .describe("block explorer base URL for links (default: the known explorer of the chain)"),
  subgraphUrl: z
    .url()
    .optional()
    .describe("StreamPayment subgraph GraphQL URL for `vm stream list` (default: read chain logs)"),
  privateKey: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex key")
    .optional()
    .describe("payment key (hex); default: <home>/wallet.key, generated on first use"),
  keystore: z
    .string()
    .min(1)
    .optional()
    .describe("encrypted JSON keystore (Web3 Secret Storage v3) holding the payment key"),
  keystorePassword: z
    .string()
    .optional()
    .describe(
      "password of the keystore (env GOLEM_REQUESTOR_KEYSTORE_PASSWORD); asked when absent",
    ),
  providerTransport: z
    .enum(["auto", "libp2p", "http"])
    .default("auto")
    .describe(
      "how to reach provider APIs: auto = libp2p when the advert offers it (encrypted, bound to its peer id), plain HTTP only to private hosts or on a dev chain; http = plain HTTP even to public hosts (env GOLEM_REQUESTOR_PROVIDER_TRANSPORT)",
    ),
  discovery: z.object({
    bootstrap: z
      .array(z.string())
      .default([])
      .describe("libp2p bootstrap multiaddrs (ending in /p2p/<peerId>), comma separated"),
    httpUrls: z
      .array(z.url())
      .default([])
      .describe("provider node API base URLs read for adverts when no peer answers"),
    waitMs: z
      .number()
      .int()
      .nonnegative()
      .default(5000)
      .describe("how long to wait for discovery peers (ms)"),
  }),
  ssh: z.object({
    user: z.string().min(1).default("golem").describe("user name on rented VMs"),
    command: z.string().min(1).default("ssh").describe("the ssh client to run"),
  }),
  server: z.object({
    host: z
      .string()
      .min(1)
      .default("127.0.0.1")
      .describe("address `golem server api` binds (loopback: the API can spend the payment key)"),
    port: z.number().int().min(0).max(65_535).default(7465).describe("port of `golem server api`"),
    maxSpendPerRequest: z
      .string()
      .regex(/^\d{1,30}(\.\d{1,18})?$/, "must be a decimal amount of GLM, e.g. 5 or 0.5")
      .default("0")
      .describe(
        "most one payment of `golem server api` may move (GLM: a create's deposit, a top-up); 0 lets it pay nothing",
      ),
    maxSpendPerDay: z
      .string()
      .regex(/^\d{1,30}(\.\d{1,18})?$/, "must be a decimal amount of GLM, e.g. 20")
      .default("0")
      .describe(
        "most all payments of `golem server api` (API and auto top-up) may move per UTC day (GLM), kept across restarts",
      ),
  }),
  autoTopUp: z.object({
    enabled: z
      .boolean()
      .default(true)
      .describe("run the auto top-up monitor in `golem server api`"),
    intervalSeconds: z
      .number()
      .int()
      .positive()
      .default(30)
      .describe("how often the monitor checks streams (s)"),
    minRunwaySeconds: z
      .number()
      .int()
      .positive()
      .default(3600)
      .describe("top a running VM's stream up when its runway falls below this (s)"),
    targetRunwaySeconds: z
      .number()
      .int()
      .positive()
      .default(7200)
      .describe("runway a top-up restores, so top-ups come in batches (s)"),
  }),
  versionCheck: z.object({
    registryUrl: z
      .url()
      .default("https://registry.npmjs.org")
      .describe("npm registry asked by `golem version` for a newer release"),
    timeoutMs: z
      .number()
      .int()
      .nonnegative()
      .default(1500)
      .describe("how long `golem version` waits for the registry (ms)"),
  }),
});

/** The resolved requestor configuration. */
export type RequestorConfig = z.output<typeof requestorConfigSchema>;

/** The chain id a config points at: `chainId`, else the network's. */
export function configChainId(config: Pick<RequestorConfig, "chainId" | "network">): number {
  return config.chainId ?? paymentsNetworks[config.network];
}
