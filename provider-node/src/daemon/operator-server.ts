import { chmod, rm } from "node:fs/promises";
import Fastify, { type FastifyInstance } from "fastify";
import { installErrorHandler } from "../api/error-handler.ts";
import type { VmService } from "../service/vm-service.ts";
import type { NodeStatus } from "./node-status.ts";

/** Options of {@link startOperatorServer}. */
export type StartOperatorServerOptions = {
  /** Unix socket path; its directory should be mode 0700. */
  socketPath: string;
  service: VmService;
  status: () => Promise<NodeStatus>;
};

/**
 * The operator channel: a small HTTP API on a unix socket (mode 0600) that only the
 * operator's account can open. `golem-provider status` and `vm …` commands use it while the
 * daemon runs. No session: file permissions are the authentication.
 *
 * Routes: `GET /status`, `GET /vms`, `POST /vms/:id/stop`, `POST /vms/:id/start`, `DELETE /vms/:id`.
 *
 * @example const operator = await startOperatorServer({ socketPath, service, status });
 */
export async function startOperatorServer(
  options: StartOperatorServerOptions,
): Promise<FastifyInstance> {
  const { service } = options;
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  app.get("/status", () => options.status());
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
  // A socket file left by a killed daemon would make listen fail; the pid check ran before.
  await rm(options.socketPath, { force: true });
  await app.listen({ path: options.socketPath });
  await chmod(options.socketPath, 0o600);
  return app;
}
