import { getStreamState } from "@vm-on-golem/sdk/contract/get-stream-state";
import { topUp } from "@vm-on-golem/sdk/contract/top-up";
import type { SigningClient } from "@vm-on-golem/sdk/contract/wallet-client";
import { isGolemError } from "@vm-on-golem/sdk/errors/golem-error";
import type { StreamId } from "@vm-on-golem/sdk/stream/stream-id";
import type { Hash } from "viem";
import type { ChainSession } from "../chain/open-chain-session.ts";
import { planTopUp } from "./plan-top-up.ts";

/** Parameters of {@link runTopUpCycle}. */
export type RunTopUpCycleParameters = {
  session: ChainSession;
  wallet: SigningClient;
  /** Streams to keep funded (those of running VMs). */
  streams: readonly { streamId: StreamId; vmName?: string | undefined }[];
  minRunwaySeconds: number;
  targetRunwaySeconds: number;
};

/** What one cycle did for one stream. */
export type TopUpCycleEntry = {
  streamId: StreamId;
  vmName: string | undefined;
  runwaySeconds: bigint;
  /** Base units added; 0 when none was needed. */
  amount: bigint;
  hash: Hash | undefined;
  /** Error code when reading or topping up failed; the other streams still run. */
  error: string | undefined;
};

/**
 * One pass of the auto top-up monitor (`golem server api` runs it every
 * `autoTopUp.intervalSeconds`): reads each stream, tops up those below the minimum runway to
 * the target. A failure on one stream is reported in its entry, never thrown.
 *
 * @example
 * const report = await runTopUpCycle({ session, wallet, streams, minRunwaySeconds: 3600, targetRunwaySeconds: 7200 });
 */
export async function runTopUpCycle(params: RunTopUpCycleParameters): Promise<TopUpCycleEntry[]> {
  const { StreamPayment, GLM } = params.session.deployment.contracts;
  const address = StreamPayment.address;
  const entries: TopUpCycleEntry[] = [];
  for (const { streamId, vmName } of params.streams) {
    const entry: TopUpCycleEntry = {
      streamId,
      vmName,
      runwaySeconds: 0n,
      amount: 0n,
      hash: undefined,
      error: undefined,
    };
    try {
      const state = await getStreamState(params.session.publicClient, { address, streamId });
      entry.runwaySeconds = state.runwaySeconds;
      const amount = planTopUp({
        ratePerSecond: state.stream.ratePerSecond,
        runwaySeconds: state.runwaySeconds,
        closed: state.stream.closed,
        minRunwaySeconds: params.minRunwaySeconds,
        targetRunwaySeconds: params.targetRunwaySeconds,
      });
      if (amount > 0n) {
        const { hash } = await topUp(params.wallet, {
          address,
          token: GLM.address,
          streamId,
          amount,
        });
        entry.amount = amount;
        entry.hash = hash;
      }
    } catch (error) {
      entry.error = isGolemError(error) ? error.code : "INTERNAL";
    }
    entries.push(entry);
  }
  return entries;
}
