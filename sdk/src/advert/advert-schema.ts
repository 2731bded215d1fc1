import { multiaddr } from "@multiformats/multiaddr";
import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { z } from "zod";
import { tokenAmountSchema, uintNumber } from "../chain/uint-schemas.ts";

/** Largest advert (JSON bytes) a reader accepts from gossip, a snapshot or HTTP. */
export const MAX_ADVERT_BYTES = 16 * 1024;

const uint32 = uintNumber(32);

/** Any-case hex address on the wire, checksummed in code. */
const address = z.codec(
  z.string().refine((text) => isAddress(text, { strict: false }), "not an address"),
  z.custom<Address>((value) => typeof value === "string" && isAddress(value)),
  { decode: (text) => getAddress(text), encode: (value) => value },
);

const multiaddrText = z
  .string()
  .max(256)
  .refine((text) => {
    try {
      multiaddr(text);
      return true;
    } catch {
      return false;
    }
  }, "not a multiaddr");

const resourceAmounts = z.object({
  /** Cores. */
  cpu: uint32,
  /** GiB of memory. */
  memoryGiB: uint32,
  /** GiB of disk. */
  storageGiB: uint32,
});

/**
 * An advert's content as signed by its provider (EIP-712, see `advert-typed-data.ts`).
 * Wire form: JSON with prices as decimal strings; parsed form: prices as `bigint`.
 */
export const advertSchema = z.object({
  /** Provider id = the address that signs the advert and receives payments. */
  provider: address,
  /** libp2p peer id of the provider's node. */
  peerId: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,100}$|^b[a-z2-7]{32,120}$/),
  /** libp2p addresses of the provider's node. */
  multiaddrs: z.array(multiaddrText).max(16),
  /** Base URL of the provider API (`<apiUrl>/api/v1/...`). */
  apiUrl: z.url({ protocol: /^https?$/ }).max(256),
  resources: z.object({ total: resourceAmounts, free: resourceAmounts }),
  /** Prices in token base units per hour. */
  prices: z.object({
    perCoreHour: tokenAmountSchema,
    perGiBMemoryHour: tokenAmountSchema,
    perGiBDiskHour: tokenAmountSchema,
  }),
  /** ISO 3166-1 alpha-2, upper case. */
  country: z.string().regex(/^[A-Z]{2}$/),
  /** CPU architecture of the VMs, e.g. `x86_64`, `aarch64`. */
  platform: z.string().regex(/^[a-z0-9_]{1,32}$/),
  /** Chain the provider accepts streams on. */
  chainId: uintNumber(256).positive(),
  /** StreamPayment contract on that chain. */
  streamPayment: address,
  /** Token streams are paid in. */
  token: address,
  /** Public SSH ports the provider forwards to VMs (inclusive); dial-back checks only these. */
  sshPorts: z
    .object({ first: uintNumber(16), last: uintNumber(16) })
    .refine((range) => range.first <= range.last, "sshPorts.first must be <= sshPorts.last"),
  /**
   * Most guest ports one VM may publish besides SSH (`ports` of a create), each on a public
   * port of the same range as SSH; 0 or absent (nodes older than published ports): none.
   * Signed only when present (see `advertTypesWithPublishedPorts`).
   */
  maxPublishedPorts: uintNumber(16).optional(),
  /**
   * The libp2p protocol on which this node (`peerId`, at `multiaddrs`) serves the provider API
   * (`/http/1.1`: HTTP/1.1 on a libp2p stream); absent: plain HTTP at `apiUrl` only. Clients
   * prefer it (see `chooseProviderTransport`). Signed only when present (`advertTypesWith`).
   */
  libp2pApi: z
    .string()
    .regex(/^\/[\x21-\x7e]{1,63}$/)
    .optional(),
  /** Grows with every advert the provider signs; a reader keeps the highest. */
  sequence: uintNumber(64),
  /** Unix seconds. */
  issuedAt: uintNumber(64),
  /** Unix seconds; after this the advert is dropped. */
  expiresAt: uintNumber(64),
});

/** An advert in code (prices as `bigint`, addresses checksummed). */
export type Advert = z.output<typeof advertSchema>;
/** An advert as JSON on the wire (prices as decimal strings). */
export type AdvertJson = z.input<typeof advertSchema>;

/** A signed advert as sent over gossip, snapshots, HTTP and Golem Base. */
export const signedAdvertSchema = z.object({
  advert: advertSchema,
  /** EIP-712 signature of `advert` by `advert.provider` (65 bytes). */
  signature: z.custom<Hex>(
    (value) => typeof value === "string" && isHex(value) && value.length === 132,
  ),
});

/** A signed advert in code. */
export type SignedAdvert = z.output<typeof signedAdvertSchema>;
/** A signed advert as JSON on the wire. */
export type SignedAdvertJson = z.input<typeof signedAdvertSchema>;

/**
 * The wire (JSON-safe) form of a signed advert.
 *
 * @example
 * JSON.stringify(signedAdvertToJson(signed));
 */
export function signedAdvertToJson(signed: SignedAdvert): SignedAdvertJson {
  return z.encode(signedAdvertSchema, signed);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 JSON bytes of a signed advert, as published on gossip. */
export function encodeSignedAdvert(signed: SignedAdvert): Uint8Array {
  return encoder.encode(JSON.stringify(signedAdvertToJson(signed)));
}

/** Result of {@link decodeSignedAdvert}. */
export type DecodeSignedAdvertResult =
  | { ok: true; signed: SignedAdvert }
  | { ok: false; message: string };

// A `SignedAdvert` held in code has bigint prices; re-encode it so the same checks run on it.
function isSignedAdvertInCode(input: unknown): input is SignedAdvert {
  const prices: unknown = (input as { advert?: { prices?: unknown } } | null)?.advert?.prices;
  return typeof (prices as { perCoreHour?: unknown } | undefined)?.perCoreHour === "bigint";
}

/**
 * Parses a signed advert from JSON bytes, a parsed JSON value or a `SignedAdvert` held in code. Checks shape only:
 * the signature and times are checked by `verifyAdvert`.
 */
export function decodeSignedAdvert(input: Uint8Array | unknown): DecodeSignedAdvertResult {
  let json: unknown = input;
  if (isSignedAdvertInCode(input)) {
    try {
      json = signedAdvertToJson(input);
    } catch {
      return { ok: false, message: "advert does not encode" };
    }
  } else if (input instanceof Uint8Array) {
    if (input.byteLength > MAX_ADVERT_BYTES) {
      return {
        ok: false,
        message: `advert is ${input.byteLength} bytes, over ${MAX_ADVERT_BYTES}`,
      };
    }
    try {
      json = JSON.parse(decoder.decode(input));
    } catch {
      return { ok: false, message: "advert is not JSON" };
    }
  }
  const parsed = signedAdvertSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      message: `advert ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
    };
  }
  return { ok: true, signed: parsed.data };
}
