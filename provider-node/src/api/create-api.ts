import fastifyCors from "@fastify/cors";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { SignedAdvertJson } from "@vm-on-golem/sdk/advert";
import { answerHttpClientError, GolemError } from "@vm-on-golem/sdk/errors";
import type { ProviderInfoView as ProviderInfo } from "@vm-on-golem/sdk/provider-api";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import type { NonceStore } from "../auth/nonce-store.ts";
import type { SessionStore } from "../auth/session-store.ts";
import { siweDomainsFor } from "../auth/siwe-domains.ts";
import type { BudgetTopUpStore } from "../payments/budget-top-up-store.ts";
import type { OfferStore } from "../payments/offer-store.ts";
import type { PaymentSettings } from "../payments/payment-settings.ts";
import type { VmService } from "../service/vm-service.ts";
import { advertRoutes } from "./advert-routes.ts";
import { authRoutes } from "./auth-routes.ts";
import { frameworkErrors, installErrorHandler } from "./error-handler.ts";
import { offerRoutes } from "./offer-routes.ts";
import { providerRoutes } from "./provider-routes.ts";
import { rateLimitError } from "./rate-limit-error.ts";
import { streamRoutes } from "./stream-routes.ts";
import { vmRoutes } from "./vm-routes.ts";

/** Options of {@link createApi}. */
export type CreateApiOptions = {
  service: VmService;
  sessions: SessionStore;
  nonces: NonceStore;
  providerInfo: () => Promise<ProviderInfo>;
  version: string;
  api: {
    /** Host put in access info; `auto`: the host name the client used. */
    publicHost: string;
    /** The provider's SIWE domain (host[:port]): its advertised API URL's, or `api.siweDomain`. */
    siweDomain: string;
    /** Port the API listens on: a client on this machine may sign in for 127.0.0.1/localhost with it. */
    port: number;
    corsOrigins: string[];
    bodyLimitBytes: number;
    authRateLimitPerMinute: number;
    /** Longest a request may take to arrive, headers and body (seconds). */
    requestTimeoutSeconds: number;
    /** `POST /api/v1/offers` per minute per signed-in requestor. */
    offerRateLimitPerMinute: number;
    /** `POST /api/v1/offers` per minute per client IP address. */
    offerRateLimitPerMinutePerIp: number;
  };
  /** `chainId`: the chain SIWE messages must name, the payments chain. */
  auth: { chainId: number; nonceTtlSeconds: number; sessionTtlSeconds: number };
  providerName: string;
  /** The node's libp2p peer id once discovery runs: sign-ins are bound to it. */
  peerId?: (() => string | undefined) | undefined;
  /** Signed adverts the node holds, for `GET /api/v1/adverts`; none when absent (discovery off). */
  listAdverts?: (() => SignedAdvertJson[]) | undefined;
  /** The node's payment settings and offer table; undefined when payments are off. */
  payments?:
    | { settings: PaymentSettings; offers: OfferStore; budgetTopUps?: BudgetTopUpStore | undefined }
    | undefined;
  /** Unix time in ms (offer expiry); the clock by default. */
  now?: () => number;
  /**
   * Fastify's logger option (false in tests), or the node's logger: then requests are not
   * logged one by one, only failures, each at its level ({@link logApiError}).
   */
  logger?: boolean | Record<string, unknown> | FastifyBaseLogger;
};

/**
 * Builds the provider's HTTP API (not listening yet): Fastify with zod validation and
 * serialization, OpenAPI at `/docs` (`/docs/json`), CORS for the configured origins only,
 * a body limit, a request timeout, rate limits on sign-in and offers, and one error envelope
 * for every answer that is not a success.
 * Tests drive it with `app.inject()`.
 *
 * @example
 * const app = await createApi(options);
 * await app.listen({ host: "0.0.0.0", port: 7466 });
 */
export async function createApi(options: CreateApiOptions): Promise<FastifyInstance> {
  const requestTimeoutMs = options.api.requestTimeoutSeconds * 1000;
  if (options.api.siweDomain === "") throw new TypeError("createApi: api.siweDomain is required");
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(isLoggerInstance(logger)
      ? {
          loggerInstance: logger.child({ part: "api" }),
          logController: new LogController({ disableRequestLogging: true }),
        }
      : { logger }),
    bodyLimit: options.api.bodyLimitBytes,
    // The node is reached directly, not through a proxy: the Host header is the client's.
    trustProxy: false,
    requestTimeout: requestTimeoutMs,
    // Node takes its timeouts at construction (headersTimeout must not exceed requestTimeout)
    // and looks for expired requests on connectionsCheckingInterval (30 s unless told).
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(requestTimeoutMs / 2)),
    },
    // Fastify's own 503 while closing is not the envelope; the API closes before the service.
    return503OnClosing: false,
    frameworkErrors,
    // What Node's HTTP parser cannot read: one envelope, never ahead of or in place of the
    // answer to the request before it.
    clientErrorHandler: answerHttpClientError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  // Before CORS: its own answer to an incomplete preflight is text/plain.
  app.addHook("onRequest", async (request) => {
    const { origin } = request.headers;
    if (
      request.method === "OPTIONS" &&
      (!origin || !request.headers["access-control-request-method"])
    ) {
      throw new GolemError(
        "VALIDATION_FAILED",
        "an OPTIONS request is a CORS preflight and needs the Origin and Access-Control-Request-Method headers",
        { hints: ["call the route with its own method (GET, POST or DELETE)"] },
      );
    }
  });

  await app.register(fastifyCors, {
    origin: options.api.corsOrigins.length > 0 ? options.api.corsOrigins : false,
    methods: ["GET", "POST", "DELETE"],
    allowedHeaders: ["Authorization", "Content-Type"],
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: rateLimitError(
      (request) => `requests to ${request.routeOptions.url ?? request.url.split("?")[0]}`,
    ),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "VM on Golem provider API",
        description: "Rent a Linux VM from this provider and reach it over SSH.",
        version: options.version,
      },
      components: {
        securitySchemes: {
          session: {
            type: "http",
            scheme: "bearer",
            description: "token from POST /api/v1/auth/verify",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  const siwePolicy = { domain: options.api.siweDomain, port: options.api.port };
  const siweDomainsOf = (request: FastifyRequest) =>
    siweDomainsFor(siwePolicy, request.socket.remoteAddress);
  const publicHostOf = (request: FastifyRequest) =>
    options.api.publicHost === "auto" ? request.hostname : options.api.publicHost;

  await app.register(
    async (v1) => {
      await v1.register(authRoutes, {
        nonces: options.nonces,
        sessions: options.sessions,
        siweDomainsOf,
        peerId: options.peerId ?? (() => undefined),
        chainId: options.auth.chainId,
        providerName: options.providerName,
        nonceTtlSeconds: options.auth.nonceTtlSeconds,
        sessionTtlSeconds: options.auth.sessionTtlSeconds,
        rateLimitPerMinute: options.api.authRateLimitPerMinute,
      });
      await v1.register(providerRoutes, { providerInfo: options.providerInfo });
      await v1.register(advertRoutes, { listAdverts: options.listAdverts ?? (() => []) });
      await v1.register(offerRoutes, {
        service: options.service,
        sessions: options.sessions,
        payments: options.payments,
        now: options.now ?? Date.now,
        rateLimitPerMinute: options.api.offerRateLimitPerMinute,
        rateLimitPerMinutePerIp: options.api.offerRateLimitPerMinutePerIp,
      });
      await v1.register(streamRoutes, {
        service: options.service,
        sessions: options.sessions,
        settings: options.payments?.settings,
        budgetTopUps: options.payments?.budgetTopUps,
      });
      await v1.register(vmRoutes, {
        service: options.service,
        sessions: options.sessions,
        publicHostOf,
      });
    },
    { prefix: "/api/v1" },
  );
  await app.ready();
  return app;
}

function isLoggerInstance(
  logger: boolean | Record<string, unknown> | FastifyBaseLogger,
): logger is FastifyBaseLogger {
  return typeof logger === "object" && typeof logger.child === "function";
}
