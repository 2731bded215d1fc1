import { getGlmBalance } from "@vm-on-golem/sdk/contract";
import { golemErrorFromContractError } from "@vm-on-golem/sdk/errors";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import { privateKeyToAccount } from "viem/accounts";
import { openChainSession } from "../chain/open-chain-session.ts";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";
import { loadPaymentKey, paymentKeyParameters } from "../state/payment-key.ts";

/** `golem wallet address`: the payment address; creates the key on first use. Needs no chain. */
export async function runAddress(ctx: CliContext, opts: GlobalOptions): Promise<void> {
  const config = await ctx.config();
  const { privateKey, source } = await loadPaymentKey(paymentKeyParameters(config));
  const { address } = privateKeyToAccount(privateKey);
  printResult(ctx, opts, { address, keySource: source }, () =>
    source === "generated" ? `${address}\n(new payment key written to ${config.home})` : address,
  );
}

/** `golem wallet balance`: GLM and gas (native) balances of the payment address. */
export async function runBalance(ctx: CliContext, opts: GlobalOptions): Promise<void> {
  const session = await openChainSession(await ctx.config());
  const { address } = (await session.wallet()).account;
  const { GLM } = session.deployment.contracts;
  const [glm, gas] = await Promise.all([
    getGlmBalance(session.publicClient, { token: GLM.address, owner: address }),
    session.publicClient.getBalance({ address }).catch((error: unknown) => {
      throw golemErrorFromContractError(error);
    }),
  ]);
  printResult(
    ctx,
    opts,
    {
      address,
      chainId: session.chainId,
      token: { address: GLM.address, symbol: GLM.symbol, decimals: GLM.decimals, balance: glm },
      native: { symbol: "ETH", balance: gas },
    },
    () =>
      renderFields([
        ["Address", address],
        ["Chain", `${session.deployment.name} (${session.chainId})`],
        [GLM.symbol, formatTokenAmount(glm, GLM)],
        ["Gas", formatTokenAmount(gas, { decimals: 18, symbol: "ETH" })],
        ["Explorer", session.explorer?.address(address)],
      ]),
  );
}
