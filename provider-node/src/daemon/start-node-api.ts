import { hostname } from "node:os";
import type { DatabaseSync } from "node:sqlite";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { FastifyInstance } from "fastify";
import { type CreateApiOptions, createApi } from "../api/create-api.ts";
import { createNonceStore } from "../auth/nonce-store.ts";
import { createSessionStore } from "../auth/session-store.ts";
import type { ProviderConfig } from "../config/provider-config.ts";
import { nodeApiUrl } from "../discovery/advert-content.ts";
import type { RevertStack } from "../vm/revert-stack.ts";

/** Parameters of {@link startNodeApi}. */
export type StartNodeApiParameters = Pick<
  CreateApiOptions,
  "service" | "providerInfo" | "version" | "listAdverts" | "peerId" | "payments" | "logger"
> & {
  config: ProviderConfig;
  /** The node's database: sessions and nonces live there. */
  db: DatabaseSync;
  log: (line: string) => void;
  /** The node's start-up revert stack: the API's close is registered before it listens. */
  revert: RevertStack;
};

/**
 * The domain SIWE sign-ins at this node must name: `api.siweDomain`, else the host:port of the
 * API URL its adverts carry (what a client that found it derives), never a request's Host.
 *
 * @example siweDomainOf(config); // "192.0.2.10:7466"
 */
export function siweDomainOf(config: ProviderConfig): string {
  if (config.api.siweDomain !== "") return config.api.siweDomain.toLowerCase();
  return new URL(nodeApiUrl(config)).host;
}

/**
 * Builds the node's public API and listens on `api.host:api.port`; fails with `PORT_IN_USE`
 * when that port is taken. Sessions and nonces are kept in the node's database. Sign-ins name
 * {@link siweDomainOf} and the payments chain.
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
    api: { ...config.api, siweDomain: siweDomainOf(config) },
    // One chain for sign-in and payments: a separate default let them disagree.
    auth: { ...config.auth, chainId: config.payments.chainId },
    providerName: config.name || hostname(),
    listAdverts: parameters.listAdverts,
    peerId: parameters.peerId,
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
