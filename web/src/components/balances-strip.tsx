"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getGlmBalance, requestGlmFromFaucet } from "@vm-on-golem/sdk/contract";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import { useState } from "react";
import { useAccount, useBalance, usePublicClient, useWalletClient } from "wagmi";
import { ErrorDisplay } from "./error-display";
import { useApp } from "./providers";
import { type TxState, TxStatus } from "./tx-status";
import { Button } from "./ui/button.tsx";

const strip = "border-b border-border bg-muted/40 text-sm";
const inner = "mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:px-6";

/** ETH and GLM of the connected address, with a Faucet button on chains whose token has one. */
export function BalancesStrip() {
  const { chain, deployment } = useApp();
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
  const [faucet, setFaucet] = useState<TxState>({ status: "idle" });

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
  const onFaucet = async () => {
    if (!walletClient) return;
    setFaucet({ status: "pending" });
    try {
      const { hash, amount } = await requestGlmFromFaucet(walletClient, { token: GLM.address });
      setFaucet({
        status: "confirmed",
        hash,
        text: `received ${formatTokenAmount(amount, GLM)}`,
      });
    } catch (error) {
      setFaucet({ status: "failed", error });
    }
    await queryClient.invalidateQueries();
  };
  return (
    <section className={strip} data-testid="balances">
      <div className={inner}>
        <span className="font-medium tabular-nums" data-testid="eth-balance">
          {eth.data ? formatTokenAmount(eth.data.value, { decimals: 18, symbol: "ETH" }) : "… ETH"}
        </span>
        <span className="font-medium tabular-nums" data-testid="glm-balance">
          {glm.data === undefined ? `… ${GLM.symbol}` : formatTokenAmount(glm.data, GLM)}
        </span>
        {GLM.faucet ? (
          <Button
            size="sm"
            variant="outline"
            onClick={onFaucet}
            disabled={!walletClient || chainId !== chain.id || faucet.status === "pending"}
          >
            Faucet
          </Button>
        ) : null}
        <TxStatus state={faucet} testId="faucet-status" />
        {eth.error ? <ErrorDisplay error={eth.error} /> : null}
        {glm.error ? <ErrorDisplay error={glm.error} /> : null}
      </div>
    </section>
  );
}
