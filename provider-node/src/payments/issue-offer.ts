import { randomBytes } from "node:crypto";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { SignedOffer } from "@vm-on-golem/sdk/offer";
import { serviceIdOf, signOffer } from "@vm-on-golem/sdk/offer";
import { type ResourceRequest, ratePerSecond } from "@vm-on-golem/sdk/stream";
import {
  type Address,
  getAddress,
  type Hex,
  isAddress,
  isAddressEqual,
  toHex,
  zeroAddress,
} from "viem";
import type { OfferStore } from "./offer-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";

/** Parameters of {@link issueOffer}. */
export type IssueOfferParameters = {
  settings: PaymentSettings;
  offers: OfferStore;
  /** The signed-in requestor the offer is for. */
  requestor: Address;
  resources: ResourceRequest;
  image?: string | undefined;
  /** The StreamPayment the requestor asked to pay on; refused unless it is this provider's. */
  streamPayment?: string | undefined;
  /** Unix time in ms. */
  nowMs: number;
};

/** Result of {@link issueOffer}. */
export type IssueOfferReturnType = { signed: SignedOffer; serviceId: Hex };

/**
 * Quotes `resources` for `requestor` at the node's prices, signs the offer with the payment
 * key and stores it, so a stream that names its service id can later be checked against it.
 *
 * @example
 * const { signed, serviceId } = await issueOffer({ settings, offers, requestor, resources, nowMs: Date.now() });
 */
export async function issueOffer(parameters: IssueOfferParameters): Promise<IssueOfferReturnType> {
  const { settings, offers, resources, nowMs } = parameters;
  checkAccepted(settings, parameters.streamPayment);
  // Before signing (no signature for a requestor at the cap) and again right before the insert,
  // with no await between, so concurrent quotes cannot pass the cap together.
  checkOpenOffers(parameters);
  const signed = await signOffer({
    signer: settings.account,
    offer: {
      provider: getAddress(settings.account.address),
      requestor: getAddress(parameters.requestor),
      resources: {
        cpu: resources.cpu,
        memoryGiB: resources.memoryGiB,
        storageGiB: resources.storageGiB,
      },
      image: parameters.image ?? "",
      ratePerSecond: ratePerSecond(settings.prices, resources),
      token: getAddress(settings.token),
      chainId: settings.chainId,
      contract: getAddress(settings.streamPayment),
      minRunwaySeconds: settings.minRunwaySeconds,
      expiresAt: Math.floor(nowMs / 1000) + settings.offerTtlSeconds,
      nonce: toHex(randomBytes(32)),
    },
  });
  const serviceId = serviceIdOf(signed.offer);
  checkOpenOffers(parameters);
  offers.insert(serviceId, signed, nowMs);
  return { signed, serviceId };
}

/**
 * Throws `PAYMENT_NOT_ACCEPTED` when `streamPayment` (asked for, or named by an offer) is not the
 * StreamPayment this provider is paid on.
 */
export function checkAccepted(
  settings: Pick<PaymentSettings, "streamPayment" | "token" | "chainId">,
  streamPayment: string | undefined,
): void {
  if (streamPayment === undefined) return;
  if (
    isAddress(streamPayment, { strict: false }) &&
    isAddressEqual(streamPayment, settings.streamPayment)
  ) {
    return;
  }
  const paidIn =
    settings.token === zeroAddress ? "the chain's native coin (ETH)" : `token ${settings.token}`;
  throw new GolemError(
    "PAYMENT_NOT_ACCEPTED",
    `this provider accepts streams on StreamPayment ${settings.streamPayment} (paid in ${paidIn}) only, not on ${streamPayment}`,
    {
      hints: [
        settings.token === zeroAddress
          ? "pay in ETH (golem vm create --pay eth)"
          : "pay in GLM (golem vm create --pay glm)",
        "or choose a provider that accepts what you pay with (golem vm providers)",
      ],
      details: { streamPayment, accepted: settings.streamPayment, chainId: settings.chainId },
    },
  );
}

/** Throws `OFFERS_TOO_MANY` when the requestor already holds the most open offers allowed. */
function checkOpenOffers(p: IssueOfferParameters): void {
  const { maxOpenOffersPerRequestor: max, offerTtlSeconds } = p.settings;
  const open = p.offers.countOpen(p.requestor, Math.floor(p.nowMs / 1000));
  if (open < max) return;
  throw new GolemError(
    "OFFERS_TOO_MANY",
    `you hold ${open} open offers from this provider, the most it keeps for one requestor`,
    {
      hints: [
        `pay for one (open its stream and create the VM) or wait until one expires (offers last ${offerTtlSeconds} s), then ask again`,
      ],
      details: { open, max },
    },
  );
}
