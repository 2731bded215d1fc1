import { isAddressEqual, type LocalAccount } from "viem";
import { GolemError } from "../errors/golem-error.ts";
import { type Advert, advertSchema, type SignedAdvert } from "./advert-schema.ts";
import { advertTypedData } from "./advert-typed-data.ts";

/** Anything that signs EIP-712 data for an address: a viem local account, or an adapter to a wallet. */
export type AdvertSigner = Pick<LocalAccount, "address" | "signTypedData">;

/** What a provider states in its advert; times, sequence and provider are filled when signing. */
export type AdvertContent = Omit<Advert, "provider" | "sequence" | "issuedAt" | "expiresAt">;

/** Parameters of {@link signAdvert}. */
export type SignAdvertParameters = {
  /** The provider's payment key; its address becomes `advert.provider`. */
  signer: AdvertSigner;
  /** The advert, complete; `provider` must be the signer's address. */
  advert: Advert;
};

/**
 * Signs an advert with EIP-712 (domain `{name: "VM on Golem", version: "1", chainId}`).
 *
 * @example
 * const signed = await signAdvert({ signer: privateKeyToAccount(key), advert });
 */
export async function signAdvert({ signer, advert }: SignAdvertParameters): Promise<SignedAdvert> {
  if (!isAddressEqual(signer.address, advert.provider)) {
    throw new GolemError(
      "VALIDATION_FAILED",
      `advert names provider ${advert.provider} but is signed by ${signer.address}`,
      { hints: ["set advert.provider to the signing key's address"] },
    );
  }
  // Parse first so a bad field fails here with its name, not as a signature nobody accepts.
  const checked = advertSchema.safeParse(advertSchema.encode(advert));
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new GolemError("VALIDATION_FAILED", `advert ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const signature = await signer.signTypedData(advertTypedData(checked.data));
  return { advert: checked.data, signature };
}

/** Parameters of {@link buildAdvert}. */
export type BuildAdvertParameters = {
  provider: Advert["provider"];
  content: AdvertContent;
  /** Unix seconds; default now. */
  issuedAt?: number;
  /** Seconds the advert stays valid. */
  ttlSeconds: number;
  /** Must grow with every advert of this provider. */
  sequence: number;
};

/** Fills provider, times and sequence around an advert's content. */
export function buildAdvert(parameters: BuildAdvertParameters): Advert {
  const issuedAt = parameters.issuedAt ?? Math.floor(Date.now() / 1000);
  return {
    ...parameters.content,
    provider: parameters.provider,
    sequence: parameters.sequence,
    issuedAt,
    expiresAt: issuedAt + parameters.ttlSeconds,
  };
}
