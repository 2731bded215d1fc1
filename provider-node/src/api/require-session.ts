import { GolemError } from "@vm-on-golem/sdk/errors";
import type { FastifyRequest } from "fastify";
import type { Address } from "viem";
import type { SessionStore } from "../auth/session-store.ts";

/**
 * The address a request speaks for, from its `Authorization: Bearer <token>` header.
 * Fails with `UNAUTHENTICATED` (401) when the header is missing, the token unknown, or
 * the session expired.
 *
 * @example const owner = requireSession(request, sessions);
 */
export function requireSession(request: FastifyRequest, sessions: SessionStore): Address {
  const header = request.headers.authorization;
  const token = header?.match(/^Bearer\s+([0-9a-f]{64})$/i)?.[1];
  if (!header) {
    throw new GolemError("UNAUTHENTICATED", "this route needs a session", {
      hints: [
        "sign in: POST /api/v1/auth/nonce, sign the SIWE message, POST /api/v1/auth/verify, then send Authorization: Bearer <token>",
      ],
    });
  }
  if (!token)
    throw new GolemError(
      "UNAUTHENTICATED",
      "the Authorization header is not a Bearer session token",
    );
  const session = sessions.lookup(token.toLowerCase());
  if (!session.ok) {
    throw new GolemError(
      "UNAUTHENTICATED",
      session.reason === "expired" ? "the session has expired" : "the session token is not known",
    );
  }
  return session.address;
}
