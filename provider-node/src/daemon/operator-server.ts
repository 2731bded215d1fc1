import { chmod, rm } from "node:fs/promises";
import { GolemError } from "@vm-on-golem/sdk/errors";
import Fastify, { type FastifyInstance } from "fastify";
import { installErrorHandler } from "../api/error-handler.ts";
import type { WithdrawEarningsReturnType } from "../payments/auto-withdraw.ts";
import type { BudgetTopUpStore } from "../payments/budget-top-up-store.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";
import type { PricingReport } from "../payments/pricing-report.ts";
import { readVmStream } from "../payments/read-vm-stream.ts";
import type { VmService } from "../service/vm-service.ts";
import type { NodeStatus } from "./node-status.ts";

/** Options of {@link startOperatorServer}. */
export type StartOperatorServerOptions = {
  /** Unix socket path; its directory should be mode 0700. */
  socketPath: string;
  service: VmService;
  status: () => Promise<NodeStatus>;
  /** The prices this node charges (what its offers are signed at). */
  pricing: () => Promise<PricingReport>;
  /** The node's payment settings; undefined when payments are off. */
  payments?: PaymentSettings | undefined;
  /** Top-ups the monitor pulled from stream budgets (shown in stream views). */
  budgetTopUps?: BudgetTopUpStore | undefined;
  /** Withdraws earnings now (these streams, or all); undefined when payments are off. */
  withdraw?: ((streamIds?: string[]) => Promise<WithdrawEarningsReturnType>) | undefined;
};

/**
 * The operator channel: a small HTTP API on a unix socket (mode 0600) that only the
 * operator's account can open. `golem-provider status` and `vm …` commands use it while the
 * daemon runs. No session: file permissions are the authentication.
 *
 * Routes: `GET /status`, `GET /pricing`, `GET /vms`, `POST /vms/:id/stop`, `POST /vms/:id/start`, `DELETE /vms/:id`,
 * `GET /payments/streams` (every VM's stream), `GET /vms/:id/stream`, `POST /payments/withdraw`
 * (`?vmId=`: that VM's stream, else every stream that paid the node).
 *
 * @example const operator = await startOperatorServer({ socketPath, service, status, pricing });
 */
export async function startOperatorServer(
  options: StartOperatorServerOptions,
): Promise<FastifyInstance> {
  const { service } = options;
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  app.get("/status", () => options.status());
  app.get("/pricing", () => options.pricing());
  app.get("/vms", async () => service.listVms());
  app.post<{ Params: { id: string } }>("/vms/:id/stop", (request) =>
    service.stopVm(request.params.id),
  );
  app.post<{ Params: { id: string } }>("/vms/:id/start", (request) =>
    service.startVm(request.params.id),
  );
  app.delete<{ Params: { id: string } }>("/vms/:id", async (request) => {
    await service.destroyVm(request.params.id);
    return { id: request.params.id, status: "destroyed" };
  });
  const settings = () => {
    if (options.payments) return options.payments;
    throw new GolemError("PAYMENTS_DISABLED", "payments are off on this node", {
      hints: ["set payments.enabled to true and restart the node"],
    });
  };
  app.get("/payments/streams", async () => {
    const paid = service.listVms().filter((vm) => vm.streamId !== null);
    return Promise.all(paid.map((vm) => readVmStream(settings(), vm, options.budgetTopUps)));
  });
  app.get<{ Params: { id: string } }>("/vms/:id/stream", (request) =>
    readVmStream(settings(), service.getVm(request.params.id), options.budgetTopUps),
  );
  app.post<{ Querystring: { vmId?: string } }>("/payments/withdraw", async (request) => {
    settings();
    const vmId = request.query.vmId;
    const streamId = vmId === undefined ? undefined : service.getVm(vmId).streamId;
    if (vmId !== undefined && streamId === null) {
      throw new GolemError("STREAM_NOT_FOUND", `VM ${vmId} is not paid by a stream`);
    }
    const result = await (options.withdraw as NonNullable<typeof options.withdraw>)(
      streamId ? [streamId] : undefined,
    );
    return {
      withdrawable: result.withdrawable.toString(),
      withdrawn: result.withdrawn.toString(),
      hash: result.hash ?? null,
      unread: result.unread,
    };
  });
  // A socket file left by a killed daemon would make listen fail; the pid check ran before.
  await rm(options.socketPath, { force: true });
  await app.listen({ path: options.socketPath });
  await chmod(options.socketPath, 0o600);
  return app;
}
