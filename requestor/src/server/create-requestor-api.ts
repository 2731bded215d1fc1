import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { answerHttpClientError, GolemError } from "@vm-on-golem/sdk/errors";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
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
import { type GuardLocalApiParameters, guardLocalApi } from "./guard-local-api.ts";
import {
  createBody,
  destroyQuery,
  hoursText,
  nameParams,
  refParams,
  topUpBody,
} from "./requestor-api-schemas.ts";
import type { SpendCap } from "./spend-cap.ts";
import { toApiError } from "./to-api-error.ts";

/** Options of {@link createRequestorApi}. */
export type CreateRequestorApiOptions = {
  /** The CLI's context: configuration and environment the actions run with. */
  ctx: CliContext;
  /** Who may call: the bearer token and the `Host` check of the bound address. */
  access: GuardLocalApiParameters;
  /** The spending caps every payment must fit; absent: the API pays nothing. */
  spending?: { cap: SpendCap; decimals: () => Promise<number> } | undefined;
  /** The auto top-up monitor, shown at `GET /api/v1/monitor`; absent when disabled. */
  monitor?: TopUpMonitor | undefined;
};

const anyJson = z.unknown();
const plainJson = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));

/** Refuses every payment: the API without spending caps pays nothing. */
const refuseAll = async () => {
  throw new GolemError("SPEND_CAP_EXCEEDED", "this server was started without spending caps");
};

/**
 * The local HTTP API of `golem server api` (Fastify + zod, OpenAPI at `/docs`): the CLI's own
 * actions (list, info, create, stop, start, destroy, stream status, topup) for tools on this
 * machine that hold its token. Answers are the actions' `--json` output; failures the
 * `{error}` envelope. Every payment goes through the spending caps: nothing is implied.
 *
 * @example
 * const app = await createRequestorApi({ ctx, access: { token, isAllowedHost } });
 * await app.listen({ host: "127.0.0.1", port: 7465 });
 */
export async function createRequestorApi(
  options: CreateRequestorApiOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    // A URL the router cannot read (`/vms/%zz`, an over-long parameter) is the caller's mistake,
    // answered in the envelope like every other.
    frameworkErrors: (error, _request, reply) => {
      const golem = toApiError(error);
      void (reply as FastifyReply).status(golem.status).send(golem.toJSON());
    },
    // Bytes that are not HTTP: the envelope, then the connection closed; never ahead of or in
    // place of the answer to the request before them.
    clientErrorHandler: answerHttpClientError,
  }).withTypeProvider<ZodTypeProvider>();
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
  guardLocalApi(app, options.access);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "golem local API",
        description:
          "The requestor CLI's actions over HTTP, for tools on this machine: send `Authorization: Bearer <token>` (`golem server token` prints it).",
        version: options.ctx.version,
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  // The server's own "yes", bounded by the caps: every payment an action makes is checked.
  const base: CliContext = {
    ...options.ctx,
    approveSpend: options.spending?.cap.approve ?? refuseAll,
  };
  /** Runs one CLI action with `--json` semantics and answers with what it printed. */
  const act = async (run: (ctx: CliContext) => Promise<void>) => {
    const captured = captureContext(base);
    await run(captured.ctx);
    return captured.result() ?? {};
  };
  const json = { json: true, yes: true } as const;
  const reply200 = { response: { 200: anyJson } };
  const lifecycle = () => import("../commands/vm-lifecycle.ts");

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
          schema: {
            summary: "rent a VM (waits until SSH answers); its deposit must fit the spending caps",
            body: createBody,
            ...reply200,
          },
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
              cloudInitText: b.cloudInit,
              publish: b.ports?.map(String),
              hours: hoursText(b.hours),
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
              const m = await lifecycle();
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
            querystring: destroyQuery,
            ...reply200,
          },
        },
        (req) =>
          act(async (ctx) =>
            (await lifecycle()).runDestroy(ctx, req.params.name, {
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
            summary: "add funds to a stream (must fit the spending caps)",
            params: refParams,
            body: topUpBody,
            ...reply200,
          },
        },
        (req) =>
          act(async (ctx) =>
            (await import("../commands/stream-topup.ts")).runStreamTopUp(ctx, req.params.ref, {
              ...json,
              hours: hoursText(req.body.hours),
              glm: req.body.glm,
            }),
          ),
      );
      api.get(
        "/spending",
        {
          schema: {
            summary: "today's (UTC) payments and the caps, in token base units",
            ...reply200,
          },
        },
        async () => {
          const { spending } = options;
          if (!spending) return { enabled: false };
          return plainJson({ enabled: true, ...spending.cap.view(await spending.decimals()) });
        },
      );
      api.get(
        "/monitor",
        { schema: { summary: "the auto top-up monitor's last cycle", ...reply200 } },
        () =>
          plainJson({
            enabled: options.monitor !== undefined,
            last: options.monitor?.last() ?? null,
          }),
      );
    },
    { prefix: "/api/v1" },
  );
  await app.ready();
  return app;
}
