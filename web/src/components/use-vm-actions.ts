"use client";

import { useQueryClient } from "@tanstack/react-query";
import { getStream, setTopUpBudget, terminate, topUp } from "@vm-on-golem/sdk/contract";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { formatTokenAmount, secondsOfHours } from "@vm-on-golem/sdk/money";
import type { StreamId } from "@vm-on-golem/sdk/stream";
import { usePublicClient } from "wagmi";
import type { RentedVm } from "../lib/local-records.ts";
import { paymentOfRecord } from "../lib/payments.ts";
import { type PageWallet, providerClientFor } from "../lib/provider-clients.ts";
import { useApp } from "./providers.tsx";
import { runTxToast } from "./tx-toast.tsx";
import { useAction, useTx } from "./use-action.ts";

type Parameters = {
  record: RentedVm;
  streamId: StreamId;
  wallet: PageWallet;
  /** Hide the VM while it is being destroyed (`true`), show it again if that failed. */
  setGone: (gone: boolean) => void;
  onDestroyed: () => void;
};

/**
 * What a VM card can do: stop, start and destroy at the provider; top up and terminate on chain.
 * Destroy terminates the stream first from this wallet (as the CLI's `golem vm destroy`), unless
 * the user keeps it; a stream already closed is fine.
 */
export function useVmActions({ record, streamId, wallet, setGone, onDestroyed }: Parameters) {
  const { chain, deployment } = useApp();
  // The StreamPayment the stream was opened on: ids are per contract, so a top-up or termination
  // on another one would act on someone else's stream of the same id.
  const coin = paymentOfRecord(deployment, record);
  const address = coin.streamPayment;
  const publicClient = usePublicClient({ chainId: chain.id });
  const queryClient = useQueryClient();
  const provider = providerClientFor(record.apiUrl, wallet);
  const refresh = () => queryClient.invalidateQueries();
  const action = useAction(refresh);
  const tx = useTx(refresh);
  const token = (amount: bigint) => formatTokenAmount(amount, coin);

  const terminateIfOpen = async (): Promise<bigint | undefined> => {
    if (!publicClient) return undefined;
    if ((await getStream(publicClient, { address, streamId })).closed) return undefined;
    try {
      return await runTxToast({
        label: `Terminate stream #${streamId}`,
        chain,
        wallet,
        send: async (w) => (await terminate(w, { address, streamId })).refundedToSender,
        done: (refunded) => ({ text: `refunded ${token(refunded)}` }),
      });
    } catch (err) {
      if (isGolemError(err, "STREAM_CLOSED")) return undefined;
      throw err;
    }
  };

  // The stream first, from this wallet: the refund never waits on the provider's gas. The
  // provider closes it too when it destroys the VM (a destroy by anyone else leaves no one paying).
  const destroy = ({ keepStream }: { keepStream: boolean }) =>
    action.run("destroying", async () => {
      setGone(true);
      await queryClient.cancelQueries({ queryKey: ["vm", record.apiUrl, record.vmId] });
      let refunded: bigint | undefined;
      try {
        if (!keepStream) refunded = await terminateIfOpen();
        await provider.destroyVm(record.vmId);
      } catch (err) {
        setGone(false);
        throw err;
      }
      onDestroyed();
      if (keepStream) return `destroyed; stream #${streamId} kept open`;
      return refunded === undefined ? "destroyed" : `destroyed; refunded ${token(refunded)}`;
    });

  const stop = () =>
    action.run("stopping", async () => `VM ${(await provider.stopVm(record.vmId)).status}`);
  const start = () =>
    action.run("starting", async () => `VM ${(await provider.startVm(record.vmId)).status}`);

  const addHours = (hours: string, ratePerSecond: bigint) =>
    tx.run(`Top up stream #${streamId}`, wallet, async (w) => {
      const amount = ratePerSecond * secondsOfHours(hours, "down");
      const { hash } = await topUp(w, { address, streamId, amount, token: coin.token });
      return { hash, text: `added ${token(amount)}` };
    });

  /** Sets (replaces) the stream's top-up budget to `hours` at its rate; "0" clears it. */
  const setBudgetHours = (hours: string, ratePerSecond: bigint) =>
    tx.run(`Set the top-up budget of stream #${streamId}`, wallet, async (w) => {
      const budget = ratePerSecond * secondsOfHours(hours, "down");
      const { hash } = await setTopUpBudget(w, { address, streamId, budget, token: coin.token });
      return { hash, text: budget === 0n ? "budget cleared" : `budget ${token(budget)}` };
    });

  const terminateStream = () =>
    tx.run(`Terminate stream #${streamId}`, wallet, async (w) => {
      const result = await terminate(w, { address, streamId });
      return { hash: result.hash, text: `refunded ${token(result.refundedToSender)}` };
    });

  return { action, tx, destroy, stop, start, addHours, setBudgetHours, terminateStream };
}
