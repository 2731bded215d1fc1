import { isAddressEqual, type LocalAccount } from "viem";
import { GolemError } from "../errors/golem-error.ts";
import { type Offer, offerSchema, type SignedOffer } from "./offer-schema.ts";
import { offerTypedData } from "./offer-typed-data.ts";

/** Anything that signs EIP-712 data for an address (a viem local account). */
export type OfferSigner = Pick<LocalAccount, "address" | "signTypedData">;

/** Parameters of {@link signOffer}. */
export type SignOfferParameters = {
  /** The provider's payment key; must be `offer.provider`. */
  signer: OfferSigner;
  offer: Offer;
};

/**
 * Signs an offer with EIP-712 (the advert domain).
 *
 * @example
 * const signed = await signOffer({ signer: privateKeyToAccount(key), offer });
 */
export async function signOffer({ signer, offer }: SignOfferParameters): Promise<SignedOffer> {
  if (!isAddressEqual(signer.address, offer.provider)) {
    throw new GolemError(
      "VALIDATION_FAILED",
      `offer names provider ${offer.provider} but is signed by ${signer.address}`,
    );
  }
  const checked = offerSchema.safeParse(offerSchema.encode(offer));
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new GolemError("VALIDATION_FAILED", `offer ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const signature = await signer.signTypedData(offerTypedData(checked.data));
  return { offer: checked.data, signature };
}
