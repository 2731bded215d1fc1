import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import { signedOfferToJson } from "@vm-on-golem/sdk/offer/offer-schema";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { SessionStore } from "../auth/session-store.ts";
import { issueOffer } from "../payments/issue-offer.ts";
import type { OfferStore } from "../payments/offer-store.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";
import type { VmService } from "../service/vm-service.ts";
import { errorEnvelopeSchema, offerBodySchema, offerViewSchema } from "./api-schemas.ts";
import { requireSession } from "./require-session.ts";

/** What the offer route needs; `payments` is undefined when the node is not paid. */
export type OfferRoutesOptions = {
  service: VmService;
  sessions: SessionStore;
  payments: { settings: PaymentSettings; offers: OfferStore } | undefined;
  /** Unix time in ms. */
  now: () => number;
};

/** `POST /api/v1/offers`: a signed quote for the signed-in requestor (rent flow step 3). */
export async function offerRoutes(app: FastifyInstance, options: OfferRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    "/offers",
    {
      // onRequest: no session, no body read, no signature made.
      onRequest: async (request) => {
        requireSession(request, options.sessions);
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
          503: errorEnvelopeSchema,
        },
      },
    },
    async (request, reply) => {
      const requestor = requireSession(request, options.sessions);
      if (!options.payments) {
        throw new GolemError("PAYMENTS_DISABLED", "this provider does not take payments", {
          hints: ["create the VM without an offer: POST /api/v1/vms"],
        });
      }
      const { image, ...resources } = request.body;
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
        nowMs: options.now(),
      });
      return reply.status(201).send({ ...signedOfferToJson(signed), serviceId });
    },
  );
}
