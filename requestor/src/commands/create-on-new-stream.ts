import { getGlmBalance } from "@vm-on-golem/sdk/contract/get-glm-balance";
import type { SigningClient } from "@vm-on-golem/sdk/contract/wallet-client";
import { formatRate } from "@vm-on-golem/sdk/money/format-rate";
import { signedOfferToJson } from "@vm-on-golem/sdk/offer/offer-schema";
import type { ProviderClient } from "@vm-on-golem/sdk/provider-client/create-provider-client";
import type { CreateVmBody } from "@vm-on-golem/sdk/provider-client/provider-api-types";
import { type RentQuote, type RentVmReturnType, rentVm } from "@vm-on-golem/sdk/rent/rent-vm";
import type { ChainSession } from "../chain/open-chain-session.ts";
import { ownDeployment } from "../chain/own-deployment.ts";
import type { CliContext } from "../cli/cli-context.ts";
import { confirmOrFail, withProgress } from "../cli/progress.ts";
import { formatDuration } from "../format/format-amounts.ts";
import { openRequestorDb } from "../state/requestor-db.ts";
import type { VmCreatePlan } from "./create-options.ts";
import { quoteProblem, streamLeftOpen } from "./quote-checks.ts";

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
  /** Formats token base units for the confirmation question. */
  glm: (value: bigint) => string;
};

/**
 * `golem vm create` without `--stream-id`: the sdk's rent flow (sign in, signed offer, permit
 * stream, VM) with the CLI's checks before any money moves (balance, runway, the offer's
 * provider), the offer saved so a failed VM step can be retried with `--stream-id`, the price
 * confirmed (or `--yes`), and progress on a terminal. A failure after the stream was opened
 * says so, with the stream id to reuse.
 *
 * @example
 * const { vm, streamId, quote } = await createOnNewStream({ ctx, session, wallet, provider, home, plan, vm: body, glm });
 */
export async function createOnNewStream(
  parameters: CreateOnNewStreamParameters,
): Promise<RentVmReturnType> {
  const { ctx, session, wallet, plan, home, glm } = parameters;
  const { GLM } = session.deployment.contracts;
  const confirm = async (q: RentQuote) => {
    const balance = await getGlmBalance(session.publicClient, {
      token: GLM.address,
      owner: wallet.account.address,
    });
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
    return confirmOrFail(
      ctx,
      `Rent "${plan.name}" (${plan.cpu} CPU, ${plan.memoryGiB} GiB RAM, ${plan.storageGiB} GiB disk) from ${plan.providerId} at ${formatRate(q.ratePerSecond, GLM).perHour}, depositing ${glm(q.deposit)} for ${formatDuration(q.seconds)} of runway?`,
      plan.yes,
    );
  };
  let lastStep = "";
  return withProgress(ctx, "renting", (update) =>
    rentVm({
      provider: parameters.provider,
      wallet,
      deployment: ownDeployment(session),
      providerId: plan.providerId,
      vm: { ...parameters.vm, image: plan.image },
      hours: plan.hours ?? 2,
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
