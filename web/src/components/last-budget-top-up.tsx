"use client";

import { useQuery } from "@tanstack/react-query";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import type { ProviderClient } from "@vm-on-golem/sdk/provider-client";
import type { Hash } from "viem";
import { useApp } from "./providers.tsx";
import { TxLink } from "./tx-toast.tsx";
import { Skeleton } from "./ui/skeleton.tsx";

type Props = { provider: ProviderClient; apiUrl: string; vmId: string; enabled: boolean };

/**
 * The provider's latest pull from the stream's top-up budget (its stream view's
 * `lastBudgetTopUp`): amount, when, and the transaction; "none yet" before the first.
 */
export function LastBudgetTopUp({ provider, apiUrl, vmId, enabled }: Props) {
  const { chain, deployment } = useApp();
  const view = useQuery({
    queryKey: ["vm-stream", apiUrl, vmId],
    queryFn: () => provider.vmStream(vmId),
    enabled,
    refetchInterval: 5_000,
    retry: false,
  });
  const last = view.data?.lastBudgetTopUp;
  return (
    <dd data-testid="last-budget-top-up" data-tx-hash={last?.txHash ?? ""}>
      {view.isPending && enabled ? (
        <Skeleton className="h-4 w-32" />
      ) : last ? (
        <>
          {formatTokenAmount(BigInt(last.amount), deployment.contracts.GLM)} at{" "}
          {new Date(last.at * 1000).toLocaleString()} ·{" "}
          <TxLink chain={chain} hash={last.txHash as Hash} />
        </>
      ) : view.data ? (
        "none yet"
      ) : (
        "–"
      )}
    </dd>
  );
}
