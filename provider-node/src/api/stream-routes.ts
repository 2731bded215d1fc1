import { GolemError } from "@vm-on-golem/sdk/errors";
import {
  errorEnvelopeSchema,
  vmIdParamsSchema,
  vmStreamViewSchema,
} from "@vm-on-golem/sdk/provider-api";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { SessionStore } from "../auth/session-store.ts";
import type { BudgetTopUpStore } from "../payments/budget-top-up-store.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";
import { readVmStream } from "../payments/read-vm-stream.ts";
import type { VmService } from "../service/vm-service.ts";
import { requireSession } from "./require-session.ts";

/** What the stream routes need; `settings` is undefined when payments are off. */
export type StreamRoutesOptions = {
  service: VmService;
  sessions: SessionStore;
  settings: PaymentSettings | undefined;
  /** Top-ups the monitor pulled from stream budgets; undefined when payments are off. */
  budgetTopUps: BudgetTopUpStore | undefined;
};

const errors = {
  401: errorEnvelopeSchema,
  404: errorEnvelopeSchema,
  409: errorEnvelopeSchema,
  503: errorEnvelopeSchema,
};

/** `GET /api/v1/vms/{id}/stream` and `GET /api/v1/payments/streams`: the signed-in owner's streams. */
export async function streamRoutes(app: FastifyInstance, options: StreamRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const settingsOrFail = () => {
    if (options.settings) return options.settings;
    throw new GolemError("PAYMENTS_DISABLED", "this provider does not take payments");
  };
  const onRequest = async (request: Parameters<typeof requireSession>[0]) => {
    requireSession(request, options.sessions);
  };
  r.get(
    "/vms/:id/stream",
    {
      onRequest,
      schema: {
        tags: ["payments"],
        security: [{ session: [] }],
        summary: "The stream paying for one of your VMs: accrued, refundable, runway",
        params: vmIdParamsSchema,
        response: { 200: vmStreamViewSchema, ...errors },
      },
    },
    async (request) => {
      const owner = requireSession(request, options.sessions);
      const vm = options.service.getVm(request.params.id, owner);
      return readVmStream(settingsOrFail(), vm, options.budgetTopUps);
    },
  );
  r.get(
    "/payments/streams",
    {
      onRequest,
      schema: {
        tags: ["payments"],
        security: [{ session: [] }],
        summary: "The streams paying for your VMs",
        response: { 200: vmStreamViewSchema.array(), ...errors },
      },
    },
    async (request) => {
      const owner = requireSession(request, options.sessions);
      const settings = settingsOrFail();
      const paid = options.service.listVms(owner).filter((vm) => vm.streamId !== null);
      return Promise.all(paid.map((vm) => readVmStream(settings, vm, options.budgetTopUps)));
    },
  );
}
