import {
  type GetStreamStateReturnType,
  readSenderFunding,
  type SigningClient,
  topUpFromBudget,
} from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { errorText } from "../service/to-golem-error.ts";
import type { BudgetTopUpStore } from "./budget-top-up-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** What the monitor needs to top streams up from their budgets. */
export type BudgetPuller = {
  /** The provider's payment key as a wallet: it pays the gas of each pull. */
  wallet: SigningClient;
  store: BudgetTopUpStore;
  /** Runway one pull buys (hours), capped by the remaining budget. */
  hours: number;
};

/** Parameters of {@link pullFromBudget}. */
export type PullFromBudgetParameters = {
  settings: PaymentSettings;
  puller: BudgetPuller;
  vmId: string;
  streamId: string;
  state: Pick<GetStreamStateReturnType, "stream" | "runwaySeconds">;
  /**
   * Runway the pull must reach (seconds; the monitor's resume threshold): a smaller budget would
   * leave the VM paused anyway and only cost the provider gas, so it is not pulled.
   */
  neededSeconds: number;
  log: (line: string) => void;
  /** Why the last pull of each VM was skipped, so a reason is logged once, not every tick. */
  skipped: Map<string, string>;
  /** Unix ms. */
  now: () => number;
};

/**
 * The amount one pull moves: `hours` of the stream's rate, at most its remaining budget.
 *
 * @example budgetPullAmount(1000n, 6, 10n ** 18n) // 21_600_000n
 */
export function budgetPullAmount(ratePerSecond: bigint, hours: number, budget: bigint): bigint {
  const wanted = ratePerSecond * BigInt(Math.round(hours * 3600));
  return wanted < budget ? wanted : budget;
}

/**
 * Tops a stream up once from the budget its sender set (issue 18: a VM whose requestor is
 * offline lives on its budget), in one `topUpFromBudget` sent with the provider's payment key.
 * Pulls only while the stream is open, has a budget that lifts the runway to `neededSeconds`,
 * and the sender's balance and allowance cover the amount; records the pull and logs it (amounts and the transaction, never a key).
 * Returns whether it pulled; on false the monitor goes on as without a budget (stop, not destroy).
 *
 * @example if (await pullFromBudget({ settings, puller, vmId, state, log, skipped, now })) state = await getStreamState(...);
 */
export async function pullFromBudget(p: PullFromBudgetParameters): Promise<boolean> {
  const { settings, puller, vmId, streamId, log, skipped } = p;
  const { stream } = p.state;
  if (stream.closed || stream.topUpBudget === 0n) return false;
  const amount = budgetPullAmount(stream.ratePerSecond, puller.hours, stream.topUpBudget);
  const tokens = (units: bigint) => `${units} base units`;
  const reached = p.state.runwaySeconds + amount / stream.ratePerSecond;
  const skip = (reason: string) => {
    if (skipped.get(vmId) !== reason)
      log(`stream monitor: no budget top-up of stream ${streamId} (VM ${vmId}): ${reason}`);
    skipped.set(vmId, reason);
    return false;
  };
  if (reached < BigInt(p.neededSeconds)) {
    return skip(
      `the remaining budget ${tokens(stream.topUpBudget)} would give ${reached} s of runway, short of the ${p.neededSeconds} s that keep the VM running`,
    );
  }
  try {
    const funding = await readSenderFunding(settings.client, {
      token: settings.token,
      owner: stream.sender,
      spender: settings.streamPayment,
    });
    if (funding.allowance < amount) {
      return skip(
        `the sender's allowance ${tokens(funding.allowance)} is short of ${tokens(amount)}`,
      );
    }
    if (funding.balance < amount) {
      return skip(`the sender's balance ${tokens(funding.balance)} is short of ${tokens(amount)}`);
    }
    const { hash } = await topUpFromBudget(puller.wallet, {
      address: settings.streamPayment,
      streamId: toStreamId(streamId),
      amount,
    });
    puller.store.record({ vmId, streamId, amount, txHash: hash, at: p.now() });
    skipped.delete(vmId);
    log(
      `stream monitor: topped up stream ${streamId} (VM ${vmId}) from its budget: ${tokens(amount)} (${puller.hours} h at most), budget left ${tokens(stream.topUpBudget - amount)}, tx ${hash}`,
    );
    return true;
  } catch (error) {
    return skip(`the pull failed: ${errorText(error)}`);
  }
}
