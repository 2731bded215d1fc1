import {
  errorEnvelopeSchema,
  nonceViewSchema,
  sessionViewSchema,
  verifyBodySchema,
} from "@vm-on-golem/sdk/provider-api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { NonceStore } from "../auth/nonce-store.ts";
import type { SessionStore } from "../auth/session-store.ts";
import { verifySiwe } from "../auth/verify-siwe.ts";

/** What the sign-in routes need. */
export type AuthRoutesOptions = {
  nonces: NonceStore;
  sessions: SessionStore;
  /** The domains a SIWE message may name over this request's connection, the provider's own first. */
  siweDomainsOf: (request: FastifyRequest) => string[];
  /** The chain SIWE messages must name: the provider's payments chain. */
  chainId: number;
  /** This node's libp2p peer id once it runs one: nonces name it, and messages must. */
  peerId: () => string | undefined;
  /** Provider name in the statement. */
  providerName: string;
  nonceTtlSeconds: number;
  sessionTtlSeconds: number;
  /** Requests per minute per client address. */
  rateLimitPerMinute: number;
};

/**
 * `/api/v1/auth/nonce` and `/api/v1/auth/verify`: Sign-In with Ethereum (EIP-4361). The
 * client asks for a nonce and the fields its message must carry, signs the message with
 * its wallet, and trades it for a session token.
 */
export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const rateLimit = { max: options.rateLimitPerMinute, timeWindow: "1 minute" };
  const tags = ["auth"];

  r.post(
    "/auth/nonce",
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: "A fresh nonce and the fields the SIWE message must carry",
        response: { 200: nonceViewSchema, 429: errorEnvelopeSchema },
      },
    },
    async (request) => {
      const { nonce, expiresAt } = options.nonces.issue(options.nonceTtlSeconds);
      // The Host header only picks among this provider's own names (a local client's
      // 127.0.0.1:port); anything else gets the provider's domain, which a client at
      // another URL refuses to sign.
      const domains = options.siweDomainsOf(request);
      const host = request.host.toLowerCase();
      const domain = domains.includes(host) ? host : (domains[0] ?? host);
      const peerId = options.peerId();
      return {
        ...(peerId === undefined ? {} : { peerId }),
        nonce,
        domain,
        uri: `${request.protocol}://${domain}`,
        chainId: options.chainId,
        statement: `Sign in to ${options.providerName} to rent and manage VMs.`,
        expiresAt: new Date(expiresAt).toISOString(),
      };
    },
  );

  r.post(
    "/auth/verify",
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: "Trade a signed SIWE message for a session token",
        body: verifyBodySchema,
        response: {
          200: sessionViewSchema,
          400: errorEnvelopeSchema,
          401: errorEnvelopeSchema,
          429: errorEnvelopeSchema,
        },
      },
    },
    async (request) => {
      const address = await verifySiwe({
        message: request.body.message,
        signature: request.body.signature,
        domains: options.siweDomainsOf(request),
        chainId: options.chainId,
        nonces: options.nonces,
        peerId: options.peerId(),
      });
      const session = options.sessions.create(address, options.sessionTtlSeconds);
      return {
        token: session.token,
        address: session.address,
        expiresAt: new Date(session.expiresAt).toISOString(),
      };
    },
  );
}
