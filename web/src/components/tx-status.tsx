"use client";

import type { Hash } from "viem";
import { ErrorDisplay } from "./error-display";
import { useApp } from "./providers";
import { TxLink, type TxPhase } from "./tx-toast.tsx";

/**
 * A transaction's state: pending (being checked, waiting for the wallet, or on chain), confirmed
 * (with an explorer link where there is one), failed.
 */
export type TxState =
  | { status: "idle" }
  | ({ status: "pending" } & TxPhase)
  | { status: "confirmed"; hash: Hash; text: string }
  | { status: "failed"; error: unknown };

export function TxStatus({ state, testId }: { state: TxState; testId: string }) {
  const { chain } = useApp();
  switch (state.status) {
    case "idle":
      return null;
    case "pending":
      return (
        <span className="text-sm text-muted-foreground" data-testid={testId} data-status="pending">
          pending: confirm in your wallet, then wait for the block…
        </span>
      );
    case "confirmed":
      return (
        <span className="text-sm text-success" data-testid={testId} data-status="confirmed">
          confirmed: {state.text} · <TxLink chain={chain} hash={state.hash} />
        </span>
      );
    case "failed":
      return (
        <span className="block w-full" data-testid={testId} data-status="failed">
          <ErrorDisplay error={state.error} title="failed" />
        </span>
      );
  }
}
