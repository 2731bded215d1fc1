import { GolemError } from "@vm-on-golem/sdk/errors";
import { signedOfferToJson } from "@vm-on-golem/sdk/offer";
import {
  errorEnvelopeSchema,
  offerBodySchema,
  offerViewSchema,
} from "@vm-on-golem/sdk/provider-api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Address } from "viem";
import type { SessionStore } from "../auth/session-store.ts";
import { issueOffer } from "../payments/issue-offer.ts";
import type { OfferStore } from "../payments/offer-store.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";
import type { VmService } from "../service/vm-service.ts";
import { enforceRateLimit } from "./enforce-rate-limit.ts";
import { requireSession } from "./require-session.ts";

/** What the offer route needs; `payments` is undefined when the node is not paid. */
export type OfferRoutesOptions = {
  service: VmService;
  sessions: SessionStore;
  payments: { settings: PaymentSettings; offers: OfferStore } | undefined;
  /** Unix time in ms. */
  now: () => number;
  /** Offers per minute per signed-in requestor. */
  rateLimitPerMinute: number;
  /** Offers per minute per client IP address (throwaway sessions share it). */
  rateLimitPerMinutePerIp: number;
};

/**
 * `POST /api/v1/offers`: a signed quote for the signed-in requestor (rent flow step 3). Each
 * answer is a signature and a row, so it is limited per client IP, per requestor, and in open
 * offers per requestor (`OFFERS_TOO_MANY`).
 */
export async function offerRoutes(app: FastifyInstance, options: OfferRoutesOptions) {
  const requestors = new WeakMap<FastifyRequest, Address>();
  const timeWindow = 60_000;
  const perIp = app.createRateLimit({ max: options.rateLimitPerMinutePerIp, timeWindow });
  const perRequestor = app.createRateLimit({
    max: options.rateLimitPerMinute,
    timeWindow,
    keyGenerator: (request) => `offers:${requestors.get(request)}`,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    "/offers",
    {
      // onRequest, in order: the IP's limit (before any database read), the session, the
      // requestor's limit; a refused request has no body read and no signature made.
      onRequest: async (request, reply) => {
        await enforceRateLimit(perIp, request, reply, "offers asked from your IP address");
        requestors.set(request, requireSession(request, options.sessions));
        await enforceRateLimit(perRequestor, request, reply, "offers asked by your address");
      },
      schema: {
        tags: ["offers"],
        security: [{ session: [] }],
        summary: "Quote a VM: an EIP-712 offer signed by the provider's payment key",
        body: offerBodySchema,
        response: {
          201: offerViewSchema,
          400: errorEnvelopeSchema,
          401: errorEnvelopeSchema,
          409: errorEnvelopeSchema,
          429: errorEnvelopeSchema,
          503: errorEnvelopeSchema,
        },
      },
    },
    async (request, reply) => {
      const requestor = requestors.get(request) as Address;
      if (!options.payments) {
        throw new GolemError("PAYMENTS_DISABLED", "this provider does not take payments", {
          hints: ["create the VM without an offer: POST /api/v1/vms"],
        });
      }
      const { image, streamPayment, ...resources } = request.body;
      // Quote only what could be created now, so nobody pays for a VM that will be refused.
      await options.service.checkResources({
        cpu: resources.cpu,
        memoryGib: resources.memoryGiB,
        storageGib: resources.storageGiB,
      });
      const { signed, serviceId } = await issueOffer({
        ...options.payments,
        requestor,
        resources,
        image,
        streamPayment,
        nowMs: options.now(),
      });
      return reply.status(201).send({ ...signedOfferToJson(signed), serviceId });
    },
  );
}
