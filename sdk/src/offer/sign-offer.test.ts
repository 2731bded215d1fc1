import { hashTypedData, keccak256, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";
import { golemRejection } from "../errors/golem-rejection.ts";
import { type Offer, signedOfferSchema, signedOfferToJson } from "./offer-schema.ts";
import { offerTypedData, serviceIdOf } from "./offer-typed-data.ts";
import { signOffer } from "./sign-offer.ts";
import { verifyOfferSignature } from "./verify-offer-signature.ts";

const provider = privateKeyToAccount(generatePrivateKey());
const requestor = privateKeyToAccount(generatePrivateKey());
const offer: Offer = {
  provider: provider.address,
  requestor: requestor.address,
  resources: { cpu: 2, memoryGiB: 4, storageGiB: 20 },
  image: "",
  ratePerSecond: 1_234n,
  token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  chainId: 31_337,
  contract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  minRunwaySeconds: 3600,
  expiresAt: 2_000_000_000,
  nonce: keccak256(toHex("nonce")),
};

describe("signOffer / verifyOfferSignature / serviceIdOf", () => {
  test("a signed offer verifies, survives the wire form, and its service id is its EIP-712 hash", async () => {
    const signed = await signOffer({ signer: provider, offer });
    expect(await verifyOfferSignature(signed)).toBe(true);
    const wire = JSON.parse(JSON.stringify(signedOfferToJson(signed)));
    expect(wire.offer.ratePerSecond).toBe("1234");
    const back = signedOfferSchema.parse(wire);
    expect(await verifyOfferSignature(back)).toBe(true);
    expect(serviceIdOf(back.offer)).toBe(hashTypedData(offerTypedData(offer)));
  });

  test("a changed field breaks the signature and changes the service id", async () => {
    const signed = await signOffer({ signer: provider, offer });
    const cheaper = { ...signed, offer: { ...signed.offer, ratePerSecond: 1n } };
    expect(await verifyOfferSignature(cheaper)).toBe(false);
    expect(serviceIdOf(cheaper.offer)).not.toBe(serviceIdOf(offer));
  });

  test("an offer signed by another key does not verify; signing another's offer is refused", async () => {
    const forged = await signOffer({
      signer: requestor,
      offer: { ...offer, provider: requestor.address },
    });
    expect(
      await verifyOfferSignature({
        ...forged,
        offer: { ...forged.offer, provider: provider.address },
      }),
    ).toBe(false);
    expect((await golemRejection(signOffer({ signer: requestor, offer }))).code).toBe(
      "VALIDATION_FAILED",
    );
  });
});
