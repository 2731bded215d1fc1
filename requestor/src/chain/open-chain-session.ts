import { assertChainId, defineGolemChain } from "@vm-on-golem/sdk/chain";
import type { SigningClient } from "@vm-on-golem/sdk/contract";
import type { Deployment } from "@vm-on-golem/sdk/deployments";
import { loadDeployment } from "@vm-on-golem/sdk/deployments/node";
import type { ExplorerLinks } from "@vm-on-golem/sdk/streams-index";
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  http,
  type LocalAccount,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { configChainId, type RequestorConfig } from "../config/requestor-config-schema.ts";
import { loadPaymentKey, paymentKeyParameters } from "../state/payment-key.ts";
import { explorerForChain } from "./explorer-for-chain.ts";

/** Everything a chain command needs: deployment, clients, the payment account. */
export type ChainSession = {
  chainId: number;
  chain: Chain;
  deployment: Deployment;
  publicClient: PublicClient;
  /** The payment key's client (key loaded or generated on first call). */
  wallet(): Promise<SigningClient & { account: LocalAccount }>;
  /** Explorer links, or undefined when the chain has no explorer. */
  explorer: ExplorerLinks | undefined;
};

/**
 * Loads `<deploymentsDir>/<chainId>.json`, checks that the RPC serves that chain, and
 * prepares clients. Fails with `DEPLOYMENT_NOT_FOUND`, `CHAIN_UNREACHABLE` or `CHAIN_MISMATCH`.
 *
 * @example
 * const session = await openChainSession(config);
 * const wallet = await session.wallet();
 */
export async function openChainSession(config: RequestorConfig): Promise<ChainSession> {
  const chainId = configChainId(config);
  const deployment = await loadDeployment(chainId, { dir: config.deploymentsDir });
  const chain = defineGolemChain({ chainId, rpcUrl: config.rpcUrl, name: deployment.name });
  const transport = http(config.rpcUrl, { retryCount: 1, timeout: 15_000 });
  const publicClient = createPublicClient({ chain, transport });
  await assertChainId(publicClient, chainId);
  let wallet: ReturnType<ChainSession["wallet"]> | undefined;
  return {
    chainId,
    chain,
    deployment,
    publicClient,
    wallet() {
      wallet ??= loadPaymentKey(paymentKeyParameters(config)).then(({ privateKey }) =>
        createWalletClient({ account: privateKeyToAccount(privateKey), chain, transport }),
      );
      return wallet;
    },
    explorer: explorerForChain(chainId, config.explorerUrl, deployment.explorer),
  };
}
