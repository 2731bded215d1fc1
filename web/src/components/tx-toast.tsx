"use client";

import type { ReactNode } from "react";
import { toast } from "sonner";
import type { Chain, Hash } from "viem";
import type { PageWallet } from "../lib/provider-clients.ts";
import { toErrorView } from "../lib/to-golem-error.ts";
import { watchWalletRequests } from "../lib/watch-wallet-requests.ts";

/** Where a transaction is: being checked, waiting for the wallet, pending on chain. */
export type TxPhase =
  | { phase: "preparing" }
  | { phase: "wallet"; kind: "transaction" | "signature" }
  | { phase: "chain"; hash: Hash };

/** Parameters of {@link runTxToast}. */
export type RunTxToastParameters<T> = {
  /** What the user is doing, e.g. "Top up stream #3". */
  label: string;
  chain: Chain;
  wallet: PageWallet;
  /** The write, with a wallet that reports its prompts and sent transactions. */
  send: (wallet: PageWallet) => Promise<T>;
  /** The line shown once confirmed, and the transaction to link. */
  done: (result: T) => { text: string; hash?: Hash | undefined };
  /** Told of each phase (for a status next to the button). */
  onPhase?: ((phase: TxPhase) => void) | undefined;
};

/** A write's toast: the wallet to send with, and how it ended. */
export type TxToastHandle = {
  /** The wallet that moves the toast along as it asks the user and sends transactions. */
  wallet: PageWallet;
  /** Whether the wallet has been asked yet (the toast shows from then on). */
  started: () => boolean;
  confirmed: (text: string, hash?: Hash | undefined) => void;
  failed: (error: unknown) => void;
};

/**
 * A toast for one write, shown from the wallet's first prompt (or at once with `eager`), that
 * moves through "confirm in your wallet", "pending on chain" (hash, explorer link where the chain
 * has one), then "confirmed" or "failed". {@link runTxToast} is the usual way in.
 *
 * @example
 * const payment = startTxToast({ label: "Create the payment stream", chain, wallet });
 * await rentVm({ wallet: payment.wallet, … });
 */
export function startTxToast({
  label,
  chain,
  wallet,
  eager = false,
  onPhase,
}: {
  label: string;
  chain: Chain;
  wallet: PageWallet;
  eager?: boolean;
  onPhase?: ((phase: TxPhase) => void) | undefined;
}): TxToastHandle {
  let id: string | number | undefined;
  const show = (description: ReactNode) => {
    id = toast.loading(label, { id, description });
  };
  if (eager) show("preparing…");
  onPhase?.({ phase: "preparing" });
  const watched = watchWalletRequests(wallet, {
    prompt: (kind) => {
      onPhase?.({ phase: "wallet", kind });
      show(
        <span data-tx-phase="wallet" data-tx-label={label}>
          {kind === "signature"
            ? "Sign in your wallet…"
            : "Confirm the transaction in your wallet…"}
        </span>,
      );
    },
    sent: (hash) => {
      onPhase?.({ phase: "chain", hash });
      show(
        <span data-tx-phase="chain" data-tx-label={label}>
          Pending on chain: <TxLink chain={chain} hash={hash} />
        </span>,
      );
    },
  });
  return {
    wallet: watched,
    started: () => id !== undefined,
    confirmed: (text, hash) => {
      toast.success(`${label}: confirmed`, {
        id,
        duration: 8_000,
        description: (
          <span data-tx-phase="confirmed" data-tx-label={label}>
            {text}
            {hash ? (
              <>
                {" "}
                · <TxLink chain={chain} hash={hash} />
              </>
            ) : null}
          </span>
        ),
      });
    },
    failed: (error) => {
      const view = toErrorView(error);
      toast.error(`${label}: failed`, {
        id,
        duration: 20_000,
        description: (
          <span data-tx-phase="failed" data-tx-label={label}>
            <code>error[{view.code}]</code> {view.message}
          </span>
        ),
      });
    },
  };
}

/**
 * Runs one write (one or more transactions and signatures) under one toast ({@link startTxToast},
 * shown at once). Every write in the dapp goes through here or through `startTxToast`. Rethrows
 * the failure.
 *
 * @example
 * await runTxToast({ label: "Faucet", chain, wallet, send: (w) => requestGlmFromFaucet(w, { token }),
 *   done: (r) => ({ text: `received ${r.amount}`, hash: r.hash }) });
 */
export async function runTxToast<T>(parameters: RunTxToastParameters<T>): Promise<T> {
  const { label, chain, wallet, send, done, onPhase } = parameters;
  const handle = startTxToast({ label, chain, wallet, eager: true, onPhase });
  try {
    const result = await send(handle.wallet);
    const { text, hash } = done(result);
    handle.confirmed(text, hash);
    return result;
  } catch (error) {
    handle.failed(error);
    throw error;
  }
}

/** A transaction hash, linked to the chain's explorer where it has one. */
export function TxLink({ chain, hash }: { chain: Chain; hash: Hash }) {
  const explorer = chain.blockExplorers?.default;
  const short = `${hash.slice(0, 10)}…${hash.slice(-4)}`;
  if (!explorer) return <code title={hash}>{short}</code>;
  return (
    <a href={`${explorer.url.replace(/\/+$/, "")}/tx/${hash}`} target="_blank" rel="noreferrer">
      {short} on {explorer.name}
    </a>
  );
}
