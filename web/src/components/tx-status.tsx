"use client";

import type { Hash } from "viem";
import { ErrorDisplay } from "./error-display";
import { useApp } from "./providers";

/** A transaction's state: pending, confirmed (with an explorer link where there is one), failed. */
export type TxState =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "confirmed"; hash: Hash; text: string }
  | { status: "failed"; error: unknown };

export function TxStatus({ state, testId }: { state: TxState; testId: string }) {
  const { chain } = useApp();
  const explorer = chain.blockExplorers?.default;
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
          confirmed: {state.text}{" "}
          {explorer ? (
            <a
              href={`${explorer.url.replace(/\/+$/, "")}/tx/${state.hash}`}
              target="_blank"
              rel="noreferrer"
            >
              view on {explorer.name}
            </a>
          ) : (
            <code title={state.hash}>{state.hash.slice(0, 10)}…</code>
          )}
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
