import { z } from "zod";

/** Answer of `POST /api/v1/auth/nonce`: what the SIWE message must say. */
export const nonceViewSchema = z.object({
  nonce: z.string(),
  domain: z.string().describe("the domain (host:port) the message must name"),
  uri: z.string(),
  chainId: z.number().int(),
  statement: z.string(),
  expiresAt: z.string().describe("ISO 8601; sign and verify before then"),
  peerId: z
    .string()
    .max(128)
    .optional()
    .describe(
      "the provider's libp2p peer id, when it runs one: the message must list it in its resources as libp2p:<peerId>",
    ),
});

/** Scheme of the SIWE resource that binds a sign-in to a provider's libp2p peer id. */
const PEER_RESOURCE_PREFIX = "libp2p:";

/**
 * The SIWE resource naming the provider's libp2p peer id (`libp2p:<peerId>`): a message that
 * lists it signs in at that peer only, and a provider with another peer id refuses it.
 *
 * @example siwePeerResource("12D3Koo..."); // "libp2p:12D3Koo..."
 */
export function siwePeerResource(peerId: string): string {
  return `${PEER_RESOURCE_PREFIX}${peerId}`;
}

/** The peer ids a SIWE message's resources name (`libp2p:<peerId>` entries). */
export function siwePeerIdsOf(resources: readonly string[] | undefined): string[] {
  return (resources ?? [])
    .filter((resource) => resource.startsWith(PEER_RESOURCE_PREFIX))
    .map((resource) => resource.slice(PEER_RESOURCE_PREFIX.length));
}

/** Body of `POST /api/v1/auth/verify`. */
export const verifyBodySchema = z.object({
  message: z.string().min(1).max(4096).describe("the EIP-4361 message text"),
  signature: z
    .string()
    .regex(/^0x[0-9a-fA-F]+$/)
    .describe("personal_sign signature"),
});

/** A session after sign-in (`POST /api/v1/auth/verify`). */
export const sessionViewSchema = z.object({
  token: z.string().describe("send as Authorization: Bearer <token>"),
  address: z.string(),
  expiresAt: z.string().describe("ISO 8601"),
});

/** Answer of `POST /api/v1/auth/nonce`. */
export type NonceView = z.infer<typeof nonceViewSchema>;
/** Body of `POST /api/v1/auth/verify`. */
export type VerifyBody = z.infer<typeof verifyBodySchema>;
/** Answer of `POST /api/v1/auth/verify`. */
export type SessionView = z.infer<typeof sessionViewSchema>;
