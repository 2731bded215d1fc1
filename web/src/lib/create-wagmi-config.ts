import { connectorsForWallets, type WalletList } from "@rainbow-me/rainbowkit";
import { injectedWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import { defineGolemChain } from "@vm-on-golem/sdk/chain";
import type { Deployment } from "@vm-on-golem/sdk/deployments";
import type { Chain } from "viem";
import { createConfig, http } from "wagmi";
import type { WebConfig } from "./web-config";

/** The chain of the deployment, as viem and RainbowKit know it. */
export function chainOf(config: WebConfig): Chain {
  return defineGolemChain({
    chainId: config.chainId,
    rpcUrl: config.rpcUrl,
    name: config.chainId === 31337 ? "Local chain" : config.deployment.name,
    explorerUrl: config.explorerUrl ?? config.deployment.explorer?.url,
    testnet: config.deployment.contracts.GLM.faucet,
  });
}

/**
 * wagmi's config for one deployment: browser wallets announced by EIP-6963 or `window.ethereum`
 * (MetaMask's extension among them) always; WalletConnect's QR flow (MetaMask's phone app among
 * them) only with a WalletConnect project id. RainbowKit's `metaMaskWallet` is left out: it
 * loads the MetaMask SDK, whose licence does not let the dapp ship it.
 */
export function createWagmiConfig(config: WebConfig): {
  wagmiConfig: ReturnType<typeof createConfig>;
  chain: Chain;
  deployment: Deployment;
} {
  const chain = chainOf(config);
  const projectId = config.walletConnectProjectId;
  const wallets: WalletList = [
    {
      groupName: "Wallets",
      wallets: projectId ? [injectedWallet, walletConnectWallet] : [injectedWallet],
    },
  ];
  const connectors = connectorsForWallets(wallets, {
    appName: "VM on Golem",
    // Only WalletConnect-based wallets use it, and they are listed only when it is set.
    projectId: projectId ?? "unset",
  });
  const wagmiConfig = createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(config.rpcUrl) },
    ssr: true,
  });
  return { wagmiConfig, chain, deployment: config.deployment };
}
