import { requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { loadDeployment, localChainId } from "@vm-on-golem/sdk/deployments/node";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import { parseEther, toHex } from "viem";
import { loadPaymentKey } from "../payments/payment-key.ts";
import { providerWalletClient } from "../payments/provider-wallet-client.ts";
import { type CliContext, loadConfig } from "./cli-context.ts";
import { networkFlags } from "./network-flag.ts";

/**
 * `golem-provider wallet address [--json]`: the provider's payment address (its provider id),
 * generating `<dataDir>/payment.key` on first use. The key itself is never printed.
 *
 * @example await walletAddressCommand(ctx, { json: true }); // {"address":"0x…"}
 */
export async function walletAddressCommand(
  ctx: CliContext,
  options: { json?: boolean; dataDir?: string },
): Promise<void> {
  const { config } = await loadConfig(ctx, { dataDir: options.dataDir });
  const account = await loadPaymentKey({
    dataDir: config.dataDir,
    privateKey: ctx.env.GOLEM_PROVIDER_PRIVATE_KEY,
  });
  ctx.out(options.json ? JSON.stringify({ address: account.address }) : account.address);
}

/**
 * `golem-provider wallet faucet`: on a chain whose test token has a faucet, mints test GLM to
 * the payment address (and on the local chain, 31337, sets its ETH for gas); on a public chain
 * says where funds come from instead (`FAUCET_UNAVAILABLE`).
 *
 * @example await walletFaucetCommand(ctx, { json: true });
 */
export async function walletFaucetCommand(
  ctx: CliContext,
  options: { json?: boolean; dataDir?: string; network?: string },
): Promise<void> {
  const { config } = await loadConfig(ctx, {
    dataDir: options.dataDir,
    ...networkFlags(options.network),
  });
  const { chainId, rpcUrl, deploymentsDir } = config.payments;
  const deployment = await loadDeployment(chainId, deploymentsDir ? { dir: deploymentsDir } : {});
  const account = await loadPaymentKey({
    dataDir: config.dataDir,
    privateKey: ctx.env.GOLEM_PROVIDER_PRIVATE_KEY,
  });
  const { GLM } = deployment.contracts;
  if (!GLM.faucet) {
    throw new GolemError(
      "FAUCET_UNAVAILABLE",
      `${deployment.name} (chain ${chainId}) has no ${GLM.symbol} faucet`,
      {
        hints: [
          `send ETH for gas to ${account.address} (withdrawals are transactions); a provider needs no ${GLM.symbol}, it is paid in it`,
          "to try payments without real funds, use a local or test chain whose deployment has a faucet (payments.chainId)",
        ],
        details: { chainId, token: GLM.address, address: account.address },
      },
    );
  }
  const wallet = providerWalletClient(account, { chainId, rpcUrl });
  if (chainId === localChainId) {
    // The local Hardhat chain funds gas by fiat; a public test chain needs its own faucet.
    await wallet.request({
      method: "hardhat_setBalance",
      params: [account.address, toHex(parseEther("10"))],
    } as never);
  }
  const { amount, hash } = await requestGlmFromFaucet(wallet, {
    token: deployment.contracts.GLM.address,
  });
  const result = { address: account.address, glm: amount.toString(), symbol: GLM.symbol, hash };
  ctx.out(
    options.json
      ? JSON.stringify(result)
      : `minted ${formatTokenAmount(amount, GLM)} to ${account.address} (tx ${hash})`,
  );
}
