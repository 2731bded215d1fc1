import { type Address, isAddressEqual, recoverTypedDataAddress } from "viem";
import type { AdvertRejectReason } from "./advert-error.ts";
import { type Advert, decodeSignedAdvert, type SignedAdvert } from "./advert-schema.ts";
import { advertTypedData } from "./advert-typed-data.ts";
import { checkApiUrl, isDevChain } from "./api-url-policy.ts";
import { peerIdOfMultiaddr } from "./peer-id-of-multiaddr.ts";

/** A StreamPayment deployment a reader accepts adverts for. */
export type AcceptedDeployment = {
  chainId: number;
  /** When set, adverts must name this StreamPayment contract. */
  streamPayment?: Address | undefined;
  /** When set, adverts must name this token. */
  token?: Address | undefined;
};

/**
 * `accept` value that takes adverts of every chain and deployment (shape, times and signature
 * are still checked): for listings of the whole market, never for choosing whom to pay.
 */
export const ANY_DEPLOYMENT = "any";

/** Parameters of {@link verifyAdvert}. */
export type VerifyAdvertParameters = {
  /**
   * Deployments whose adverts are accepted; an advert for any other chain/contract is refused.
   * {@link ANY_DEPLOYMENT} accepts every chain and contract.
   */
  accept: readonly AcceptedDeployment[] | typeof ANY_DEPLOYMENT;
  /** Unix seconds; default the clock. */
  now?: number | undefined;
  /** How far `issuedAt` may be ahead of `now`, in seconds. Default 120. */
  maxClockSkewSeconds?: number | undefined;
  /** Largest `expiresAt - issuedAt`, in seconds. Default 3600. */
  maxTtlSeconds?: number | undefined;
  /**
   * Accept adverts whose `apiUrl` names a loopback, private or link-local host. Default: only
   * when the advert's chain is an accepted dev chain (31337, 1337); never by default with
   * {@link ANY_DEPLOYMENT}. Pass true only for a local development network.
   */
  allowPrivateApiUrls?: boolean | undefined;
};

/** Result of {@link verifyAdvert}: the checked advert, or why it was refused. */
export type VerifyAdvertReturnType =
  | { ok: true; signed: SignedAdvert; advert: Advert }
  | { ok: false; reason: AdvertRejectReason; message: string };

/** Default allowed clock skew between a provider and a reader, seconds. */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 120;
/** Default largest advert lifetime, seconds. */
export const DEFAULT_MAX_TTL_SECONDS = 3600;

const refuse = (reason: AdvertRejectReason, message: string): VerifyAdvertReturnType => ({
  ok: false,
  reason,
  message,
});

/**
 * Checks a signed advert the way every reader must: shape, accepted chain and contract, an
 * `apiUrl` that is a bare public origin (private hosts only on a dev chain), times
 * (not expired, not issued in the future beyond the skew, lifetime not too long) and the EIP-712
 * signature by `advert.provider`. Replays are checked by the `AdvertStore`, which knows what it holds.
 *
 * @param input JSON bytes, a parsed JSON value, or a `SignedAdvert`.
 * @example
 * const result = await verifyAdvert(bytes, { accept: [{ chainId: 31337 }] });
 * if (result.ok) console.log(result.advert.provider);
 */
export async function verifyAdvert(
  input: Uint8Array | unknown,
  parameters: VerifyAdvertParameters,
): Promise<VerifyAdvertReturnType> {
  const decoded = decodeSignedAdvert(input);
  if (!decoded.ok) return refuse("MALFORMED", decoded.message);
  const { advert, signature } = decoded.signed;

  if (parameters.accept !== ANY_DEPLOYMENT) {
    // Several deployments of one chain may be accepted (a StreamPayment per coin): the advert
    // must match one of them in both contract and token.
    const ofChain = parameters.accept.filter((d) => d.chainId === advert.chainId);
    if (ofChain.length === 0) {
      return refuse("WRONG_CHAIN", `advert is for chain ${advert.chainId}, not an accepted one`);
    }
    const contractOk = (d: AcceptedDeployment) =>
      !d.streamPayment || isAddressEqual(d.streamPayment, advert.streamPayment);
    const tokenOk = (d: AcceptedDeployment) => !d.token || isAddressEqual(d.token, advert.token);
    if (!ofChain.some(contractOk)) {
      return refuse("WRONG_CONTRACT", `advert names StreamPayment ${advert.streamPayment}`);
    }
    if (!ofChain.some((d) => contractOk(d) && tokenOk(d))) {
      return refuse("WRONG_CONTRACT", `advert names token ${advert.token}`);
    }
  }

  // After the chain check: a dev chain unlocks private hosts only when the reader accepts it by name.
  const allowPrivateHosts =
    parameters.allowPrivateApiUrls ??
    (parameters.accept !== ANY_DEPLOYMENT && isDevChain(advert.chainId));
  const apiUrl = checkApiUrl(advert.apiUrl, { allowPrivateHosts });
  if (!apiUrl.ok) return refuse("BAD_API_URL", apiUrl.message);

  // The addresses are where `peerId` is dialled: one naming another peer would send clients there.
  const foreign = advert.multiaddrs.find((text) => {
    const named = peerIdOfMultiaddr(text);
    return named !== undefined && named !== advert.peerId;
  });
  if (foreign !== undefined) {
    return refuse("MALFORMED", `advert of peer ${advert.peerId} lists ${foreign}, another peer`);
  }

  const now = parameters.now ?? Math.floor(Date.now() / 1000);
  const skew = parameters.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  const maxTtl = parameters.maxTtlSeconds ?? DEFAULT_MAX_TTL_SECONDS;
  if (advert.expiresAt <= advert.issuedAt) {
    return refuse("MALFORMED", "advert expires before it is issued");
  }
  if (advert.expiresAt - advert.issuedAt > maxTtl) {
    return refuse(
      "TTL_TOO_LONG",
      `advert lives ${advert.expiresAt - advert.issuedAt} s, over ${maxTtl} s`,
    );
  }
  if (advert.expiresAt <= now) {
    return refuse("EXPIRED", `advert expired ${now - advert.expiresAt} s ago`);
  }
  if (advert.issuedAt > now + skew) {
    return refuse("NOT_YET_VALID", `advert is issued ${advert.issuedAt - now} s in the future`);
  }

  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({ ...advertTypedData(advert), signature });
  } catch {
    return refuse("BAD_SIGNATURE", "advert signature does not recover to an address");
  }
  if (!isAddressEqual(signer, advert.provider)) {
    return refuse("BAD_SIGNATURE", `advert for ${advert.provider} is signed by ${signer}`);
  }
  return { ok: true, signed: decoded.signed, advert };
}
