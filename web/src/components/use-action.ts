"use client";

import { useState } from "react";
import type { Hash } from "viem";
import type { PageWallet } from "../lib/provider-clients.ts";
import { useApp } from "./providers.tsx";
import type { TxState } from "./tx-status.tsx";
import { runTxToast } from "./tx-toast.tsx";

/** A provider call's state: pending, done (with a note), failed. */
export type ActionState =
  | { status: "idle" }
  | { status: "pending"; label: string }
  | { status: "done"; text: string }
  | { status: "failed"; error: unknown };

/**
 * Runs one provider call at a time and keeps its state; `after` runs whatever the outcome.
 *
 * @example
 * const action = useAction(() => queryClient.invalidateQueries());
 * action.run("stopping", async () => `VM ${(await provider.stopVm(id)).status}`);
 */
export function useAction(after: () => Promise<unknown>) {
  const [state, setState] = useState<ActionState>({ status: "idle" });
  const run = async (label: string, call: () => Promise<string>) => {
    setState({ status: "pending", label });
    try {
      setState({ status: "done", text: await call() });
    } catch (error) {
      setState({ status: "failed", error });
    }
    await after();
  };
  return { state, run, busy: state.status === "pending" };
}

/**
 * Runs one write at a time into a {@link TxState}, under a transaction toast ({@link runTxToast}).
 *
 * @example
 * const tx = useTx(() => queryClient.invalidateQueries());
 * tx.run("Top up", wallet, async (w) => ({ hash: (await topUp(w, params)).hash, text: "added 1 h" }));
 */
export function useTx(after: () => Promise<unknown>) {
  const { chain } = useApp();
  const [state, setState] = useState<TxState>({ status: "idle" });
  const run = async (
    label: string,
    wallet: PageWallet,
    send: (wallet: PageWallet) => Promise<{ hash: Hash; text: string }>,
  ) => {
    try {
      const { hash, text } = await runTxToast({
        label,
        chain,
        wallet,
        send,
        done: (result) => result,
        onPhase: (phase) => setState({ status: "pending", ...phase }),
      });
      setState({ status: "confirmed", hash, text });
    } catch (error) {
      setState({ status: "failed", error });
    }
    await after();
  };
  return { state, run, busy: state.status === "pending" };
}
