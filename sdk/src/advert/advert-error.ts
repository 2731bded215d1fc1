import { GolemError } from "../errors/golem-error.ts";

/** Why a reader refused an advert. */
export type AdvertRejectReason =
  | "MALFORMED"
  | "BAD_SIGNATURE"
  | "WRONG_CHAIN"
  | "WRONG_CONTRACT"
  | "EXPIRED"
  | "NOT_YET_VALID"
  | "TTL_TOO_LONG"
  | "STALE"
  | "BAD_API_URL";

const hints: Record<AdvertRejectReason, string> = {
  MALFORMED: "the sender runs an incompatible version; ask its operator to update",
  BAD_SIGNATURE: "ignore this advert: it was not signed by the provider it names",
  WRONG_CHAIN: "pass the provider's chain in the accepted deployments, or pick another provider",
  WRONG_CONTRACT: "the advert names another StreamPayment deployment than the one accepted",
  EXPIRED: "wait for the provider's next advert, or check this machine's clock",
  NOT_YET_VALID: "check this machine's clock (and the provider's); allowed skew is a few minutes",
  TTL_TOO_LONG: "the provider must sign adverts with a shorter lifetime",
  STALE: "a newer advert of this provider is already held",
  BAD_API_URL:
    "the provider must advertise its API as a bare public origin (https://host:port); private hosts are for dev chains only",
};

/**
 * The one place advert failures become errors, so the code mapping lives in one spot.
 * Adverts use generic codes (`VALIDATION_FAILED`, `CHAIN_MISMATCH`); the reason is in details.
 */
export function advertError(reason: AdvertRejectReason, message: string): GolemError {
  const code =
    reason === "WRONG_CHAIN" || reason === "WRONG_CONTRACT"
      ? "CHAIN_MISMATCH"
      : "VALIDATION_FAILED";
  return new GolemError(code, message, { hints: [hints[reason]], details: { reason } });
}
