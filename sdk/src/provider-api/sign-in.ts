import { z } from "zod";

/** Answer of `POST /api/v1/auth/nonce`: what the SIWE message must say. */
export const nonceViewSchema = z.object({
  nonce: z.string(),
  domain: z.string().describe("the domain (host:port) the message must name"),
  uri: z.string(),
  chainId: z.number().int(),
  statement: z.string(),
  expiresAt: z.string().describe("ISO 8601; sign and verify before then"),
});

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
