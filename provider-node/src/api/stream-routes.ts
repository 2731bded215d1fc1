import { GolemError } from "@vm-on-golem/sdk/errors";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { SessionStore } from "../auth/session-store.ts";
import type { BudgetTopUpStore } from "../payments/budget-top-up-store.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";
import { readVmStream } from "../payments/read-vm-stream.ts";
import type { VmService } from "../service/vm-service.ts";
import { errorEnvelopeSchema, vmIdParamsSchema } from "./api-schemas.ts";
import { requireSession } from "./require-session.ts";

/** A VM's stream as `GET /api/v1/vms/{id}/stream` answers it. */
export const vmStreamViewSchema = z.object({
  vmId: z.string(),
  streamId: z.string(),
  sender: z.string(),
  recipient: z.string(),
  serviceId: z.string(),
  ratePerSecond: z.string().describe("token base units per second"),
  refundable: z.string().describe("what terminate would refund the sender (base units)"),
  withdrawable: z.string().describe("accrued, not yet withdrawn (base units)"),
  runwaySeconds: z.number().int().describe("paid seconds left"),
  depletionTime: z.number().int().nullable().describe("unix seconds the balance runs out"),
  active: z.boolean(),
  closed: z.boolean(),
  at: z.number().int().describe("chain time (unix seconds) the numbers are for"),
  topUpBudget: z
    .string()
    .describe("what the provider may still pull from the sender into the stream (base units)"),
  lastBudgetTopUp: z
    .object({
      at: z.number().int().describe("unix seconds the top-up was confirmed"),
      amount: z.string().describe("base units pulled from the budget"),
      txHash: z.string().describe("the topUpFromBudget transaction"),
    })
    .nullable()
    .describe("the provider's latest top-up from the stream's budget; null when none"),
});

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
