"use client";

import { useAccount, useSwitchChain } from "wagmi";
import { ErrorDisplay } from "./error-display";
import { useApp } from "./providers";

/** Asks to switch networks when the wallet is on another chain than the deployment's. */
export function NetworkGuard() {
  const { chain } = useApp();
  const { isConnected, chainId } = useAccount();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isConnected || chainId === chain.id) return null;
  return (
    <div className="notice" data-testid="wrong-network">
      <p>
        Your wallet is on chain {chainId}; VM on Golem here runs on {chain.name} (chain {chain.id}
        ).
      </p>
      <button type="button" disabled={isPending} onClick={() => switchChain({ chainId: chain.id })}>
        {isPending ? "Switching…" : `Switch to ${chain.name}`}
      </button>
      {error ? <ErrorDisplay error={error} /> : null}
    </div>
  );
}
