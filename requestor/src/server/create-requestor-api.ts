import { isAbsolute } from "node:path";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import type { CliContext } from "../cli/cli-context.ts";
import type { TopUpMonitor } from "../monitor/start-top-up-monitor.ts";
import { captureContext } from "./capture-context.ts";
import { toApiError } from "./to-api-error.ts";

/** Options of {@link createRequestorApi}. */
export type CreateRequestorApiOptions = {
  /** The CLI's context: configuration and environment the actions run with. */
  ctx: CliContext;
  /** The auto top-up monitor, shown at `GET /api/v1/monitor`; absent when disabled. */
  monitor?: TopUpMonitor | undefined;
};

const nameParams = z.object({ name: z.string().min(1).max(63) });
const refParams = z.object({ ref: z.string().min(1).describe("stream id or VM name") });
const createBody = z.object({
  name: z.string().min(1).max(63),
  providerId: z.string().describe("the provider's payment address"),
  providerUrl: z.url().optional().describe("the provider's API instead of discovery"),
  cpu: z.number().int().min(1),
  memoryGiB: z.number().int().min(1),
  storageGiB: z.number().int().min(1),
  image: z.string().optional(),
  cloudInitFile: z
    .string()
    // Relative to what? The server's working directory means nothing to the caller.
    .refine((path) => isAbsolute(path), "must be an absolute path")
    .optional()
    .describe("absolute path of a #cloud-config file on this machine"),
  hours: z.number().positive().optional(),
  streamId: z.string().regex(/^\d+$/).optional(),
});
const topUpBody = z
  .object({ hours: z.number().positive().optional(), glm: z.string().optional() })
  // Checked here so the API names its own fields, not the CLI's flags.
  .refine((b) => (b.hours === undefined) !== (b.glm === undefined), {
    message: "pass exactly one of hours and glm",
  })
  .describe("exactly one of hours (at the stream's rate) and glm");
const anyJson = z.unknown();
const str = (v: number | undefined) => (v === undefined ? undefined : String(v));

/**
 * The local HTTP API of `golem server api` (Fastify + zod, OpenAPI at `/docs`): the CLI's own
 * actions (list, info, create, stop, start, destroy, stream status, topup) for other tools on
 * this machine. Answers are the actions' `--json` output; failures the `{error}` envelope.
 * It holds the payment key's power: bind it to loopback only.
 *
 * @example
 * const app = await createRequestorApi({ ctx });
 * await app.listen({ host: "127.0.0.1", port: 7465 });
 */
export async function createRequestorApi(
  options: CreateRequestorApiOptions,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, _request, reply) => {
    const golem = toApiError(error);
    void reply.status(golem.status).send(golem.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new GolemError("NOT_FOUND", `no route ${request.method} ${request.url}`);
    void reply.status(404).send(error.toJSON());
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "golem local API",
        description: "The requestor CLI's actions over HTTP, for tools on this machine.",
        version: options.ctx.version,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  /** Runs one CLI action with `--json` semantics and answers with what it printed. */
  const act = async (run: (ctx: CliContext) => Promise<void>) => {
    const captured = captureContext(options.ctx);
    await run(captured.ctx);
    return captured.result() ?? {};
  };
  const json = { json: true, yes: true } as const;
  const reply200 = { response: { 200: anyJson } };

  await app.register(
    async (v1) => {
      const api = v1.withTypeProvider<ZodTypeProvider>();
      api.get("/vms", { schema: { summary: "VMs recorded here", ...reply200 } }, () =>
        act(async (ctx) => (await import("../commands/vm-local-commands.ts")).runList(ctx, json)),
      );
      api.get(
        "/vms/:name",
        {
          schema: { summary: "a VM, refreshed from its provider", params: nameParams, ...reply200 },
        },
        (req) =>
          act(async (ctx) =>
            (await import("../commands/vm-remote-info.ts")).runRemoteInfo(
              ctx,
              req.params.name,
              json,
            ),
          ),
      );
      api.post(
        "/vms",
        {
          schema: { summary: "rent a VM (waits until SSH answers)", body: createBody, ...reply200 },
        },
        (req) => {
          const b = req.body;
          return act(async (ctx) =>
            (await import("../commands/vm-create.ts")).runCreate(ctx, b.name, {
              ...json,
              providerId: b.providerId,
              providerUrl: b.providerUrl,
              cpu: String(b.cpu),
              memory: String(b.memoryGiB),
              storage: String(b.storageGiB),
              image: b.image,
              cloudInit: b.cloudInitFile,
              hours: str(b.hours),
              streamId: b.streamId,
            }),
          );
        },
      );
      for (const verb of ["stop", "start"] as const) {
        api.post(
          `/vms/:name/${verb}`,
          { schema: { summary: `${verb} a VM`, params: nameParams, ...reply200 } },
          (req) =>
            act(async (ctx) => {
              const m = await import("../commands/vm-lifecycle.ts");
              await (verb === "stop" ? m.runStop : m.runStart)(ctx, req.params.name, json);
            }),
        );
      }
      api.delete(
        "/vms/:name",
        {
          schema: {
            summary: "destroy a VM and terminate its stream",
            params: nameParams,
            querystring: z.object({ keepStream: z.enum(["true", "false"]).optional() }),
            ...reply200,
          },
        },
        (req) =>
          act(async (ctx) =>
            (await import("../commands/vm-lifecycle.ts")).runDestroy(ctx, req.params.name, {
              ...json,
              keepStream: req.query.keepStream === "true",
            }),
          ),
      );
      api.get(
        "/streams/:ref",
        { schema: { summary: "a stream's runway and balances", params: refParams, ...reply200 } },
        (req) =>
          act(async (ctx) =>
            (await import("../commands/stream-status.ts")).runStreamStatus(
              ctx,
              req.params.ref,
              json,
            ),
          ),
      );
      api.post(
        "/streams/:ref/topup",
        {
          schema: {
            summary: "add funds to a stream",
            params: refParams,
            body: topUpBody,
            ...reply200,
          },
        },
        (req) =>
          act(async (ctx) =>
            (await import("../commands/stream-topup.ts")).runStreamTopUp(ctx, req.params.ref, {
              ...json,
              hours: str(req.body.hours),
              glm: req.body.glm,
            }),
          ),
      );
      api.get(
        "/monitor",
        { schema: { summary: "the auto top-up monitor's last cycle", ...reply200 } },
        () => {
          const last = options.monitor?.last();
          return JSON.parse(
            JSON.stringify(
              { enabled: options.monitor !== undefined, last: last ?? null },
              (_k, v) => (typeof v === "bigint" ? v.toString() : v),
            ),
          );
        },
      );
    },
    { prefix: "/api/v1" },
  );
  await app.ready();
  return app;
}
