"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getGlmBalance, requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import { useAccount, useBalance, usePublicClient, useWalletClient } from "wagmi";
import { devGasBelowWei } from "../lib/dev-faucet-limits.ts";
import { fundDevGas } from "../lib/fund-dev-gas.ts";
import { ActionStatus } from "./action-status.tsx";
import { ErrorDisplay } from "./error-display";
import { useApp } from "./providers";
import { TxStatus } from "./tx-status";
import { Button } from "./ui/button.tsx";
import { useAction, useTx } from "./use-action.ts";

const ethUnit = { decimals: 18, symbol: "ETH" };

const strip = "border-b border-border bg-muted/40 text-sm";
const inner = "mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:px-6";

/**
 * ETH and GLM of the connected address, with a Faucet button on chains whose token has one; on
 * a local dev chain the button first gives an address without gas 1 ETH (through the chain's RPC),
 * elsewhere an address without ETH is told where to get it.
 */
export function BalancesStrip() {
  const { chain, deployment, config } = useApp();
  const { GLM } = deployment.contracts;
  const { address, isConnected, chainId } = useAccount();
  const publicClient = usePublicClient({ chainId: chain.id });
  const { data: walletClient } = useWalletClient({ chainId: chain.id });
  const queryClient = useQueryClient();
  const eth = useBalance({ address, chainId: chain.id, query: { enabled: !!address } });
  const glm = useQuery({
    queryKey: ["glm-balance", chain.id, GLM.address, address],
    enabled: !!address && !!publicClient,
    queryFn: () =>
      // biome-ignore lint/style/noNonNullAssertion: enabled only with both
      getGlmBalance(publicClient!, { token: GLM.address, owner: address! }),
  });
  const faucet = useTx(() => queryClient.invalidateQueries());
  const gas = useAction(() => eth.refetch());

  if (!isConnected || !address) {
    return (
      <section className={strip} data-testid="balances">
        <div className={inner}>
          <span className="text-muted-foreground">
            Connect a wallet to see your ETH and {GLM.symbol} balances.
          </span>
        </div>
      </section>
    );
  }
  const noGas = eth.data !== undefined && eth.data.value === 0n;
  const devGasNeeded =
    config.devFaucet && eth.data !== undefined && eth.data.value < devGasBelowWei;
  const onFaucet = async () => {
    if (!walletClient) return;
    if (devGasNeeded) {
      // An object, so the type checker does not narrow what the callback changes.
      const got = { gas: false };
      await gas.run("getting gas from the dev faucet", async () => {
        const { funded } = await fundDevGas({
          chainId: chain.id,
          devChain: config.devFaucet,
          rpcUrl: config.rpcUrl,
          address,
        });
        got.gas = true;
        return `received ${formatTokenAmount(funded, ethUnit)} for gas`;
      });
      if (!got.gas) return;
    }
    await faucet.run(`Test ${GLM.symbol} from the faucet`, walletClient, async (wallet) => {
      const { hash, amount } = await requestGlmFromFaucet(wallet, { token: GLM.address });
      return { hash, text: `received ${formatTokenAmount(amount, GLM)}` };
    });
  };
  return (
    <section className={strip} data-testid="balances">
      <div className={inner}>
        <span className="font-medium tabular-nums" data-testid="eth-balance">
          {eth.data ? formatTokenAmount(eth.data.value, ethUnit) : "… ETH"}
        </span>
        <span className="font-medium tabular-nums" data-testid="glm-balance">
          {glm.data === undefined ? `… ${GLM.symbol}` : formatTokenAmount(glm.data, GLM)}
        </span>
        {GLM.faucet ? (
          <Button
            size="sm"
            variant="outline"
            onClick={onFaucet}
            disabled={!walletClient || chainId !== chain.id || faucet.busy || gas.busy}
          >
            Faucet
          </Button>
        ) : null}
        <ActionStatus state={gas.state} testId="gas-faucet-status" />
        <TxStatus state={faucet.state} testId="faucet-status" />
        {noGas ? (
          <span className="w-full text-muted-foreground" data-testid="gas-help">
            No ETH for gas yet. {config.gasHelp}
          </span>
        ) : null}
        {eth.error ? <ErrorDisplay error={eth.error} /> : null}
        {glm.error ? <ErrorDisplay error={glm.error} /> : null}
      </div>
    </section>
  );
}
