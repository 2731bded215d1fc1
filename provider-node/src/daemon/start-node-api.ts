import { hostname } from "node:os";
import type { DatabaseSync } from "node:sqlite";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import type { FastifyInstance } from "fastify";
import { type CreateApiOptions, createApi } from "../api/create-api.ts";
import { createNonceStore } from "../auth/nonce-store.ts";
import { createSessionStore } from "../auth/session-store.ts";
import type { ProviderConfig } from "../config/provider-config.ts";
import type { RevertStack } from "../vm/revert-stack.ts";

/** Parameters of {@link startNodeApi}. */
export type StartNodeApiParameters = Pick<
  CreateApiOptions,
  "service" | "providerInfo" | "version" | "listAdverts" | "payments" | "logger"
> & {
  config: ProviderConfig;
  /** The node's database: sessions and nonces live there. */
  db: DatabaseSync;
  log: (line: string) => void;
  /** The node's start-up revert stack: the API's close is registered before it listens. */
  revert: RevertStack;
};

/**
 * Builds the node's public API and listens on `api.host:api.port`; fails with `PORT_IN_USE`
 * when that port is taken. Sessions and nonces are kept in the node's database.
 *
 * @example const api = await startNodeApi({ config, db, service, providerInfo, version, listAdverts, payments, logger, log, revert });
 */
export async function startNodeApi(parameters: StartNodeApiParameters): Promise<FastifyInstance> {
  const { config, db, log, revert } = parameters;
  const api = await createApi({
    service: parameters.service,
    sessions: createSessionStore(db),
    nonces: createNonceStore(db),
    providerInfo: parameters.providerInfo,
    version: parameters.version,
    api: config.api,
    auth: config.auth,
    providerName: config.name || hostname(),
    listAdverts: parameters.listAdverts,
    payments: parameters.payments,
    logger: parameters.logger,
  });
  revert.add(() => api.close());
  try {
    await api.listen({ host: config.api.host, port: config.api.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    throw new GolemError(
      "PORT_IN_USE",
      `API port ${config.api.host}:${config.api.port} is in use`,
      { cause: error },
    );
  }
  log(`API listening on ${config.api.host}:${config.api.port} (OpenAPI at /docs)`);
  return api;
}
