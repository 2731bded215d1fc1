import type { Advert } from "@vm-on-golem/sdk/advert";
import type { SigningClient } from "@vm-on-golem/sdk/contract";
import { getGlmBalance } from "@vm-on-golem/sdk/contract";
import { signedOfferToJson } from "@vm-on-golem/sdk/offer";
import type { CreateVmBody, ProviderClient } from "@vm-on-golem/sdk/provider-client";
import { type RentQuote, type RentVmReturnType, rentVm } from "@vm-on-golem/sdk/rent";
import { zeroAddress } from "viem";
import { getBalance } from "viem/actions";
import type { ChainSession } from "../chain/open-chain-session.ts";
import { ownDeployment } from "../chain/own-deployment.ts";
import type { CliContext } from "../cli/cli-context.ts";
import { confirmOrFail, withProgress } from "../cli/progress.ts";
import { formatDuration } from "../format/format-amounts.ts";
import { openRequestorDb } from "../state/requestor-db.ts";
import type { VmCreatePlan } from "./create-options.ts";
import {
  priceComparison,
  quoteProblem,
  streamLeftOpen,
  uncheckedPriceProblem,
} from "./quote-checks.ts";

/** Parameters of {@link createOnNewStream}. */
export type CreateOnNewStreamParameters = {
  ctx: CliContext;
  session: ChainSession;
  wallet: SigningClient;
  provider: ProviderClient;
  /** The state folder: the offer is saved in its db before paying. */
  home: string;
  plan: VmCreatePlan;
  vm: Omit<CreateVmBody, "offer" | "streamId">;
  /** The provider's verified advert: its offer may not cost more than the advert's prices. */
  advert: Advert | undefined;
  /** `--max-price` in base units per hour. */
  maxPricePerHour: bigint | undefined;
  /** Formats token base units for the confirmation question. */
  glm: (value: bigint) => string;
};

/**
 * `golem vm create` without `--stream-id`: the sdk's rent flow (sign in, signed offer, permit
 * stream, VM) with the CLI's checks before any money moves (balance, runway, the offer's
 * provider, its price against the signed advert and `--max-price`; `--yes` without either is
 * refused), the offer saved so a failed VM step can be retried with `--stream-id`, the offer's
 * price beside the advert's confirmed (or `--yes`), and progress on a terminal. A failure after
 * the stream was opened says so, with the stream id to reuse.
 *
 * @example
 * const { vm, streamId, quote } = await createOnNewStream({ ctx, session, wallet, provider, home, plan, vm: body, glm });
 */
export async function createOnNewStream(
  parameters: CreateOnNewStreamParameters,
): Promise<RentVmReturnType> {
  const { ctx, session, wallet, plan, home, glm, advert, maxPricePerHour } = parameters;
  const unchecked = uncheckedPriceProblem({
    yes: plan.yes,
    signedAdvert: advert !== undefined,
    maxPrice: maxPricePerHour !== undefined,
    providerId: plan.providerId,
  });
  if (unchecked) throw unchecked;
  const { GLM } = session.deployment.contracts;
  const confirm = async (q: RentQuote) => {
    const owner = wallet.account.address;
    const balance =
      GLM.address === zeroAddress
        ? await getBalance(session.publicClient, { address: owner })
        : await getGlmBalance(session.publicClient, { token: GLM.address, owner });
    const problem = quoteProblem({
      deposit: q.deposit,
      seconds: q.seconds,
      minRunwaySeconds: q.offer.offer.minRunwaySeconds,
      balance,
      payer: wallet.account.address,
      providerId: plan.providerId,
      glm,
    });
    if (problem) throw problem;
    // Saved before paying: a stream for this offer can be reused with --stream-id.
    const keep = openRequestorDb(home);
    try {
      keep.saveOffer({
        serviceId: q.serviceId,
        providerId: plan.providerId,
        offerJson: JSON.stringify(signedOfferToJson(q.offer)),
        createdAt: Date.now(),
      });
    } finally {
      keep.close();
    }
    const ok = await confirmOrFail(
      ctx,
      `Rent "${plan.name}" (${plan.cpu} CPU, ${plan.memoryGiB} GiB RAM, ${plan.storageGiB} GiB disk) from ${plan.providerId} at ${priceComparison({ ...q, maxPricePerHour, glm })}, depositing ${glm(q.deposit)} for ${formatDuration(q.seconds)} of runway${q.topUpBudget > 0n ? `, with a top-up budget of ${glm(q.topUpBudget)} (${formatDuration(q.topUpBudget / q.ratePerSecond)}) the provider may pull when the runway runs low` : ""} (${q.payment.text})?`,
      plan.yes,
    );
    // Last check before money moves: the local API's spending caps (unset on a terminal).
    if (ok) {
      await ctx.approveSpend?.({
        amount: q.deposit,
        decimals: GLM.decimals,
        symbol: GLM.symbol,
        purpose: `renting "${plan.name}"`,
      });
    }
    return ok;
  };
  let lastStep = "";
  return withProgress(ctx, "renting", (update) =>
    rentVm({
      provider: parameters.provider,
      wallet,
      deployment: ownDeployment(session),
      providerId: plan.providerId,
      listedPrices: advert?.prices,
      maxPricePerHour,
      vm: { ...parameters.vm, image: plan.image },
      hours: plan.hours ?? 2,
      autoTopUpHours: plan.autoTopUpHours,
      confirm,
      onStep: (step) => {
        lastStep = step;
        update(step);
      },
    }).catch((error: unknown) => {
      throw lastStep === "create" ? streamLeftOpen(error, plan.name, plan.providerId) : error;
    }),
  );
}
