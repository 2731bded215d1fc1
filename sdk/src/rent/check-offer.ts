import { type Address, isAddressEqual } from "viem";
import { GolemError, type GolemErrorDetails } from "../errors/golem-error.ts";
import {
  type SignedOffer,
  type SignedOfferJson,
  signedOfferSchema,
} from "../offer/offer-schema.ts";
import { serviceIdOf } from "../offer/offer-typed-data.ts";
import { verifyOfferSignature } from "../offer/verify-offer-signature.ts";

/** What the requestor expects an offer to say; see {@link checkOffer}. */
export type OfferExpectations = {
  /** The provider id from its verified advert (its payment address); skip when unknown. */
  provider?: Address | undefined;
  /** The requestor's own address: the only sender the offer may name. */
  requestor: Address;
  chainId: number;
  /** The StreamPayment contract of the requestor's deployment. */
  contract: Address;
  /** The deployment's token. */
  token: Address;
  /** The size asked for. */
  resources: { cpu: number; memoryGiB: number; storageGiB: number };
  /** Unix seconds (chain time where possible). */
  nowSeconds: number;
};

const invalid = (message: string, details: GolemErrorDetails) =>
  new GolemError("OFFER_INVALID", message, {
    hints: ["do not pay this offer; ask the provider for a new one or choose another provider"],
    details,
  });

/**
 * Parses a provider's offer from the wire and checks it before any money moves: the signature
 * is the provider's, and the offer names this requestor, chain, contract, token and size and has
 * not expired. A provider's word is never trusted unsigned. Fails with `OFFER_INVALID` or
 * `OFFER_EXPIRED`.
 *
 * @example
 * const { signed, serviceId } = await checkOffer(await provider.createOffer(size), expectations);
 */
export async function checkOffer(
  wire: SignedOfferJson,
  expect: OfferExpectations,
): Promise<{ signed: SignedOffer; serviceId: `0x${string}` }> {
  const parsed = signedOfferSchema.safeParse({ offer: wire.offer, signature: wire.signature });
  if (!parsed.success)
    throw invalid("the provider's offer is malformed", {
      issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    });
  const signed = parsed.data;
  const { offer } = signed;
  if (!(await verifyOfferSignature(signed))) {
    throw invalid("the offer's signature is not its provider's", { provider: offer.provider });
  }
  const mismatches: string[] = [];
  if (expect.provider && !isAddressEqual(offer.provider, expect.provider))
    mismatches.push("provider");
  if (!isAddressEqual(offer.requestor, expect.requestor)) mismatches.push("requestor");
  if (offer.chainId !== expect.chainId) mismatches.push("chainId");
  if (!isAddressEqual(offer.contract, expect.contract)) mismatches.push("contract");
  if (!isAddressEqual(offer.token, expect.token)) mismatches.push("token");
  const { cpu, memoryGiB, storageGiB } = expect.resources;
  const r = offer.resources;
  if (r.cpu !== cpu || r.memoryGiB !== memoryGiB || r.storageGiB !== storageGiB) {
    mismatches.push("resources");
  }
  if (offer.ratePerSecond === 0n) mismatches.push("ratePerSecond");
  if (mismatches.length > 0) {
    throw invalid(`the offer does not match the request: ${mismatches.join(", ")}`, {
      fields: mismatches,
    });
  }
  if (offer.expiresAt <= expect.nowSeconds) {
    throw new GolemError("OFFER_EXPIRED", "the provider's offer has expired", {
      details: { expiresAt: offer.expiresAt, now: expect.nowSeconds },
    });
  }
  return { signed, serviceId: serviceIdOf(offer) };
}
