import { GolemError } from "@vm-on-golem/sdk/errors";
import {
  accessViewSchema,
  consoleQuerySchema,
  createVmBodySchema,
  destroyedSchema,
  errorEnvelopeSchema,
  vmConsoleViewSchema,
  vmIdParamsSchema,
  vmStatsViewSchema,
  vmViewSchema,
} from "@vm-on-golem/sdk/provider-api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Address } from "viem";
import type { SessionStore } from "../auth/session-store.ts";
import type { VmService } from "../service/vm-service.ts";
import { requireSession } from "./require-session.ts";
import { vmView } from "./vm-view.ts";

/** What the VM routes need. */
export type VmRoutesOptions = {
  service: VmService;
  sessions: SessionStore;
  /** The host name put in access info for a request (configured, or the one the client used). */
  publicHostOf: (request: FastifyRequest) => string;
};

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 404: errorEnvelopeSchema };
const security = [{ session: [] }];

/**
 * `/api/v1/vms…`: every route needs a session, and a VM is visible only to its owner
 * (others get 404 `VM_NOT_FOUND`, as for a VM that does not exist).
 */
export async function vmRoutes(app: FastifyInstance, options: VmRoutesOptions): Promise<void> {
  const { service } = options;
  const owners = new WeakMap<FastifyRequest, Address>();
  const ownerOf = (request: FastifyRequest) => owners.get(request) as Address;
  // onRequest: a request without a valid session is refused before its body is even read.
  app.addHook("onRequest", async (request) => {
    owners.set(request, requireSession(request, options.sessions));
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["vms"];

  r.post(
    "/vms",
    {
      schema: {
        tags,
        security,
        summary: "Create a VM; answers at once with status creating",
        body: createVmBodySchema,
        response: {
          202: vmViewSchema,
          ...errors,
          402: errorEnvelopeSchema,
          403: errorEnvelopeSchema,
          409: errorEnvelopeSchema,
          410: errorEnvelopeSchema,
          503: errorEnvelopeSchema,
        },
      },
    },
    async (request, reply) => {
      const { memoryGiB, storageGiB, offer, streamId, ...rest } = request.body;
      const vm = await service.createVm(ownerOf(request), {
        ...rest,
        memoryGib: memoryGiB,
        storageGib: storageGiB,
        payment: offer && streamId ? { offer, streamId } : undefined,
      });
      return reply.status(202).send(vmView(vm));
    },
  );

  r.get(
    "/vms",
    {
      schema: {
        tags,
        security,
        summary: "Your VMs",
        response: { 200: vmViewSchema.array(), 401: errorEnvelopeSchema },
      },
    },
    async (request) => service.listVms(ownerOf(request)).map(vmView),
  );

  r.get(
    "/vms/:id",
    {
      schema: {
        tags,
        security,
        summary: "One of your VMs",
        params: vmIdParamsSchema,
        response: { 200: vmViewSchema, ...errors },
      },
    },
    async (request) => vmView(service.getVm(request.params.id, ownerOf(request))),
  );

  r.delete(
    "/vms/:id",
    {
      schema: {
        tags,
        security,
        summary: "Close a paid VM's stream, then destroy the VM and its disk",
        params: vmIdParamsSchema,
        response: { 200: destroyedSchema, ...errors },
      },
    },
    async (request) => {
      const settled = await service.destroyVm(request.params.id, ownerOf(request));
      return {
        id: request.params.id,
        status: "destroyed" as const,
        stream: settled
          ? {
              ...settled,
              paidToProvider: settled.paidToProvider?.toString() ?? null,
              refunded: settled.refunded?.toString() ?? null,
            }
          : null,
      };
    },
  );

  r.post(
    "/vms/:id/stop",
    {
      schema: {
        tags,
        security,
        summary: "Shut a VM down; the disk stays",
        params: vmIdParamsSchema,
        response: { 200: vmViewSchema, ...errors, 409: errorEnvelopeSchema },
      },
    },
    async (request) => vmView(await service.stopVm(request.params.id, ownerOf(request))),
  );

  r.post(
    "/vms/:id/start",
    {
      schema: {
        tags,
        security,
        summary:
          "Start a stopped VM; status starting until SSH answers. A paid VM needs more stream runway than the stop threshold (402 STREAM_UNDERFUNDED)",
        params: vmIdParamsSchema,
        response: {
          202: vmViewSchema,
          ...errors,
          402: errorEnvelopeSchema,
          409: errorEnvelopeSchema,
        },
      },
    },
    async (request, reply) => {
      const vm = await service.startVm(request.params.id, ownerOf(request));
      return reply.status(202).send(vmView(vm));
    },
  );

  r.get(
    "/vms/:id/stats",
    {
      schema: {
        tags,
        security,
        summary: "What a running VM uses: CPU, memory and disk, measured by the provider",
        params: vmIdParamsSchema,
        response: {
          200: vmStatsViewSchema,
          ...errors,
          409: errorEnvelopeSchema,
          503: errorEnvelopeSchema,
        },
      },
    },
    async (request) => {
      const stats = await service.vmStats(request.params.id, ownerOf(request));
      return { id: request.params.id, sampledAt: new Date().toISOString(), ...stats };
    },
  );

  r.get(
    "/vms/:id/console",
    {
      schema: {
        tags,
        security,
        summary:
          "The recent output of a VM's serial console (the provider keeps a bounded amount; older output is gone)",
        params: vmIdParamsSchema,
        querystring: consoleQuerySchema,
        response: { 200: vmConsoleViewSchema, ...errors, 503: errorEnvelopeSchema },
      },
    },
    async (request) => {
      const output = await service.vmConsole(
        request.params.id,
        request.query.bytes,
        ownerOf(request),
      );
      return { id: request.params.id, output: output.toString("utf8"), bytes: output.length };
    },
  );

  r.get(
    "/vms/:id/access",
    {
      schema: {
        tags,
        security,
        summary: "How to SSH into a VM",
        params: vmIdParamsSchema,
        response: { 200: accessViewSchema, ...errors, 409: errorEnvelopeSchema },
      },
    },
    async (request) => {
      const vm = service.getVm(request.params.id, ownerOf(request));
      if (vm.status === "failed" && !service.holdsPorts(vm.id)) {
        throw new GolemError(
          "VM_INVALID_STATE",
          `VM ${vm.id} failed to create and has no SSH port`,
          {
            hints: ["destroy it and create a new one"],
          },
        );
      }
      const host = options.publicHostOf(request);
      return {
        host,
        port: vm.sshPort,
        user: "golem" as const,
        sshCommand: `ssh -p ${vm.sshPort} golem@${host}`,
        publishedPorts: vm.published.map((p) => ({
          guestPort: p.guestPort,
          host,
          port: p.publicPort,
        })),
      };
    },
  );
}
