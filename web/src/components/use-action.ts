"use client";

import { useState } from "react";
import type { TxState } from "./tx-status.tsx";

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
 * Runs one transaction at a time into a {@link TxState}.
 *
 * @example
 * const tx = useTx(() => queryClient.invalidateQueries());
 * tx.run(async () => ({ hash: (await topUp(wallet, params)).hash, text: "added 1 h" }));
 */
export function useTx(after: () => Promise<unknown>) {
  const [state, setState] = useState<TxState>({ status: "idle" });
  const run = async (send: () => Promise<{ hash: `0x${string}`; text: string }>) => {
    setState({ status: "pending" });
    try {
      const { hash, text } = await send();
      setState({ status: "confirmed", hash, text });
    } catch (error) {
      setState({ status: "failed", error });
    }
    await after();
  };
  return { state, run, busy: state.status === "pending" };
}
