import { isAddressEqual, recoverTypedDataAddress } from "viem";
import type { SignedOffer } from "./offer-schema.ts";
import { offerTypedData } from "./offer-typed-data.ts";

/**
 * Whether `signed.signature` is `signed.offer.provider`'s EIP-712 signature of the offer.
 * Times and on-chain facts are the caller's to check.
 *
 * @example
 * if (!(await verifyOfferSignature(signed))) throw new Error("not signed by its provider");
 */
export async function verifyOfferSignature(signed: SignedOffer): Promise<boolean> {
  try {
    const signer = await recoverTypedDataAddress({
      ...offerTypedData(signed.offer),
      signature: signed.signature,
    });
    return isAddressEqual(signer, signed.offer.provider);
  } catch {
    return false;
  }
}
