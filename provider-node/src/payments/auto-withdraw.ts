import type { SigningClient } from "@vm-on-golem/sdk/contract";
import { getStreamState, withdrawMany } from "@vm-on-golem/sdk/contract";
import { type StreamId, toStreamId } from "@vm-on-golem/sdk/stream";
import type { Hash } from "viem";
import { errorText } from "../service/to-golem-error.ts";
import type { OfferStore } from "./offer-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** Parameters of {@link withdrawEarnings}. */
export type WithdrawEarningsParameters = {
  settings: PaymentSettings;
  offers: OfferStore;
  /** The provider's payment key on the chain (pays the gas). */
  wallet: SigningClient;
  /** Least total withdrawable worth a transaction (base units); 0 withdraws anything. */
  minWei: bigint;
  /** Only these streams (decimal ids); by default every stream that can still pay this node. */
  streamIds?: readonly string[] | undefined;
  log: (line: string) => void;
};

/** Result of {@link withdrawEarnings}. */
export type WithdrawEarningsReturnType = {
  /** Withdrawable found, summed (base units). */
  withdrawable: bigint;
  /** Paid out by the transaction (base units); 0 when none was sent. */
  withdrawn: bigint;
  hash: Hash | undefined;
  /** Streams that could not be read (skipped). */
  unread: string[];
};

/**
 * Collects the provider's earnings: reads what every stream that can still pay it has accrued
 * (open, or closed with something to withdraw) and, when the sum reaches `minWei`, withdraws
 * them all in one `withdrawMany` transaction. A stream read closed and empty is dropped from
 * later passes, so a pass costs what is open, not the node's whole history.
 *
 * @example const { withdrawn } = await withdrawEarnings({ settings, offers, wallet, minWei: 10n ** 18n, log });
 */
export async function withdrawEarnings(
  p: WithdrawEarningsParameters,
): Promise<WithdrawEarningsReturnType> {
  const ids = p.streamIds ?? p.offers.payingStreams();
  const due: StreamId[] = [];
  const unread: string[] = [];
  let withdrawable = 0n;
  for (const id of ids) {
    try {
      const state = await getStreamState(p.settings.client, {
        address: p.settings.streamPayment,
        streamId: toStreamId(id),
      });
      if (state.withdrawable > 0n) {
        due.push(toStreamId(id));
        withdrawable += state.withdrawable;
      } else if (state.stream.closed) {
        // Closed (terminate paid what had accrued) and empty: it can never pay again.
        p.offers.markStreamDone(id, Date.now());
      }
    } catch (error) {
      unread.push(id);
      p.log(`withdraw: cannot read stream ${id}: ${errorText(error)}`);
    }
  }
  if (due.length === 0 || withdrawable < p.minWei) {
    return { withdrawable, withdrawn: 0n, hash: undefined, unread };
  }
  const { total, hash } = await withdrawMany(p.wallet, {
    address: p.settings.streamPayment,
    streamIds: due,
  });
  p.log(`withdrew ${total} from ${due.length} stream(s) (${due.join(", ")}) in ${hash}`);
  return { withdrawable, withdrawn: total, hash, unread };
}
