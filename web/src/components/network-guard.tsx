"use client";

import { useAccount, useSwitchChain } from "wagmi";
import { ErrorDisplay } from "./error-display";
import { useApp } from "./providers";
import { Button } from "./ui/button.tsx";

/** Asks to switch networks when the wallet is on another chain than the deployment's. */
export function NetworkGuard() {
  const { chain } = useApp();
  const { isConnected, chainId } = useAccount();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isConnected || chainId === chain.id) return null;
  return (
    <div className="border-b border-warning/30 bg-warning/10" data-testid="wrong-network">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-2 text-sm sm:px-6">
        <p className="flex-1">
          Your wallet is on chain {chainId}; VM on Golem here runs on {chain.name} (chain {chain.id}
          ).
        </p>
        <Button size="sm" disabled={isPending} onClick={() => switchChain({ chainId: chain.id })}>
          {isPending ? "Switching…" : `Switch to ${chain.name}`}
        </Button>
        {error ? <ErrorDisplay error={error} /> : null}
      </div>
    </div>
  );
}
