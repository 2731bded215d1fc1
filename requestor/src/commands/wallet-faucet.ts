import { requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { localChainId } from "@vm-on-golem/sdk/deployments/node";
import { GolemError, golemErrorFromContractError } from "@vm-on-golem/sdk/errors";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import { type Address, type EIP1193RequestFn, parseEther, toHex } from "viem";
import { type ChainSession, openChainSession } from "../chain/open-chain-session.ts";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";

/** Gas money a local chain's faucet run tops the payment address up to. */
const localGas = parseEther("10");

/**
 * On the local development chain only: give the payment address gas money with
 * `hardhat_setBalance` (anvil accepts it too), so a fresh key can send transactions.
 */
async function fundLocalGas(session: ChainSession, address: Address): Promise<boolean> {
  if (session.chainId !== localChainId) return false;
  try {
    const balance = await session.publicClient.getBalance({ address });
    if (balance >= localGas / 10n) return false;
    const request = session.publicClient.request as unknown as EIP1193RequestFn;
    await request({ method: "hardhat_setBalance", params: [address, toHex(localGas)] } as never);
    return true;
  } catch (error) {
    throw golemErrorFromContractError(error);
  }
}

/** `golem wallet faucet`: mints test GLM on chains whose deployment has a faucet token. */
export async function runFaucet(ctx: CliContext, opts: GlobalOptions): Promise<void> {
  const session = await openChainSession(await ctx.config());
  const { GLM } = session.deployment.contracts;
  if (!GLM.faucet) {
    throw new GolemError(
      "FAUCET_UNAVAILABLE",
      `${session.deployment.name} (chain ${session.chainId}) has no ${GLM.symbol} faucet`,
      {
        hints: [
          `buy or bridge ${GLM.symbol} (token ${GLM.address}) to your address; see \`golem wallet address\``,
          "or use a test network: --network local (./dev chain) or another chain whose deployment has a faucet",
        ],
        details: { chainId: session.chainId, token: GLM.address },
      },
    );
  }
  const wallet = await session.wallet();
  const gasFunded = await fundLocalGas(session, wallet.account.address);
  const { hash, amount } = await requestGlmFromFaucet(wallet, { token: GLM.address });
  printResult(ctx, opts, { address: wallet.account.address, amount, hash, gasFunded }, () =>
    renderFields([
      ["Received", formatTokenAmount(amount, GLM)],
      ["Address", wallet.account.address],
      ["Gas", gasFunded ? "funded 10 ETH on the local chain" : undefined],
      ["Transaction", session.explorer?.tx(hash) ?? hash],
    ]),
  );
}
