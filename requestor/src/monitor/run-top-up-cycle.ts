import type { SigningClient } from "@vm-on-golem/sdk/contract";
import { getStreamState, topUp } from "@vm-on-golem/sdk/contract";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import type { StreamId } from "@vm-on-golem/sdk/stream";
import type { Hash } from "viem";
import type { ChainSession } from "../chain/open-chain-session.ts";
import type { VmCheck } from "./check-vm-on-provider.ts";
import { planTopUp } from "./plan-top-up.ts";

/** A stream the monitor keeps funded, and the VM it pays for. */
export type MonitoredStream = { streamId: StreamId; vmName?: string | undefined };

/** Parameters of {@link runTopUpCycle}. */
export type RunTopUpCycleParameters = {
  session: ChainSession;
  wallet: SigningClient;
  /** Streams to keep funded (those of running VMs). */
  streams: readonly MonitoredStream[];
  minRunwaySeconds: number;
  targetRunwaySeconds: number;
  /**
   * Asks the VM's provider whether it still runs the VM, before anything is paid; a stream
   * without one (or with no VM name) is not checked.
   */
  checkVm?: ((stream: MonitoredStream) => Promise<VmCheck>) | undefined;
  /** Told when a provider says the VM is gone (the caller marks the local record). */
  onVmGone?: ((stream: MonitoredStream, check: VmCheck) => void) | undefined;
  /** Checks a top-up against the spending caps before it is sent; throws to refuse. */
  approveSpend?: ((amount: bigint, stream: MonitoredStream) => Promise<void>) | undefined;
};

/**
 * Why a stream was not topped up although the plan may have wanted it: `vm-gone` (its provider
 * no longer runs the VM), `provider-unverified` (no proof it still does: unreachable or
 * refusing), `spend-cap` (the server's caps refused the payment).
 */
export type TopUpHold = "vm-gone" | "provider-unverified" | "spend-cap";

/** What one cycle did for one stream. */
export type TopUpCycleEntry = {
  streamId: StreamId;
  vmName: string | undefined;
  runwaySeconds: bigint;
  /** Base units added; 0 when none was needed or it was held. */
  amount: bigint;
  hash: Hash | undefined;
  /** The provider's status of the VM when it was asked (`not-found` for a 404). */
  providerStatus?: string | undefined;
  /** Set when the stream was deliberately not funded; see {@link TopUpHold}. */
  held?: TopUpHold | undefined;
  /** Error code when reading, checking or topping up failed; the other streams still run. */
  error: string | undefined;
};

/**
 * One pass of the auto top-up monitor (`golem server api` runs it every
 * `autoTopUp.intervalSeconds`): for each stream, first asks the VM's provider whether it still
 * runs the VM, then reads the stream and tops up those below the minimum runway to the target.
 *
 * A VM its provider reports gone (404, failed, destroyed) is never paid for again (`vm-gone`,
 * `onVmGone`). A provider that does not answer cannot prove it runs the VM, so nothing is paid
 * while it is silent (`provider-unverified`); the runway already paid (at least the minimum,
 * one hour by default, when it was last seen) is the outage it rides out, the VM is only
 * stopped (not destroyed) by the provider if the stream runs dry, and the first answer after
 * the outage tops it up again. A failure on one stream is reported in its entry, never thrown.
 *
 * @example
 * const report = await runTopUpCycle({ session, wallet, streams, minRunwaySeconds: 3600, targetRunwaySeconds: 7200, checkVm });
 */
export async function runTopUpCycle(params: RunTopUpCycleParameters): Promise<TopUpCycleEntry[]> {
  const { StreamPayment, GLM } = params.session.deployment.contracts;
  const address = StreamPayment.address;
  const entries: TopUpCycleEntry[] = [];
  for (const stream of params.streams) {
    const { streamId, vmName } = stream;
    const entry: TopUpCycleEntry = {
      streamId,
      vmName,
      runwaySeconds: 0n,
      amount: 0n,
      hash: undefined,
      error: undefined,
    };
    entries.push(entry);
    try {
      const check = params.checkVm && (await params.checkVm(stream));
      entry.providerStatus = check?.status;
      if (check?.verdict === "gone") {
        entry.held = "vm-gone";
        params.onVmGone?.(stream, check);
      } else if (check?.verdict === "unverified") {
        entry.held = "provider-unverified";
        entry.error = check.code;
      }
      const state = await getStreamState(params.session.publicClient, { address, streamId });
      entry.runwaySeconds = state.runwaySeconds;
      if (entry.held !== undefined) continue;
      const amount = planTopUp({
        ratePerSecond: state.stream.ratePerSecond,
        runwaySeconds: state.runwaySeconds,
        closed: state.stream.closed,
        minRunwaySeconds: params.minRunwaySeconds,
        targetRunwaySeconds: params.targetRunwaySeconds,
      });
      if (amount === 0n) continue;
      try {
        await params.approveSpend?.(amount, stream);
      } catch (error) {
        entry.held = "spend-cap";
        throw error;
      }
      const { hash } = await topUp(params.wallet, {
        address,
        token: GLM.address,
        streamId,
        amount,
      });
      entry.amount = amount;
      entry.hash = hash;
    } catch (error) {
      entry.error = isGolemError(error) ? error.code : "INTERNAL";
    }
  }
  return entries;
}
