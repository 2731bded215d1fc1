import { tcp } from "@libp2p/tcp";
import { webSockets } from "@libp2p/websockets";
import type { SignedAdvert } from "@vm-on-golem/sdk/advert";
import { ANY_DEPLOYMENT, isDevChain } from "@vm-on-golem/sdk/advert";
import type { AdvertFilters } from "@vm-on-golem/sdk/discovery";
import { createDiscoveryClient } from "@vm-on-golem/sdk/discovery";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { ChainSession } from "../chain/open-chain-session.ts";
import { ownDeployment } from "../chain/own-deployment.ts";
import type { CliContext } from "../cli/cli-context.ts";
import { withProgress } from "../cli/progress.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { openRequestorDb } from "../state/requestor-db.ts";
import { isOwnDeployment } from "./provider-rows.ts";

/**
 * Whose adverts discovery keeps: `own` (default) the session's chain, StreamPayment and token,
 * the only providers this CLI can pay; `chain` any deployment on one chain; `all` every chain
 * and deployment. Signatures, shape and times are verified in every scope.
 */
export type PaymentsScope = { kind: "own" } | { kind: "chain"; chainId: number } | { kind: "all" };

/** The default scope: providers this CLI can rent from as configured. */
export const OWN_DEPLOYMENT: PaymentsScope = { kind: "own" };

/**
 * Verified adverts in `scope` (default: the session's deployment) that pass `filters`, cheapest
 * first: joins discovery over libp2p (TCP + WebSockets) and falls back to the configured node
 * URLs. Remembers the API URL of each provider on the session's deployment in the local db.
 *
 * @example
 * const adverts = await discoverAdverts(ctx, config, session, { cpu: 2 });
 * const everywhere = await discoverAdverts(ctx, config, session, {}, { kind: "all" });
 */
export async function discoverAdverts(
  ctx: CliContext,
  config: RequestorConfig,
  session: ChainSession,
  filters: AdvertFilters,
  scope: PaymentsScope = OWN_DEPLOYMENT,
): Promise<SignedAdvert[]> {
  if (config.discovery.bootstrap.length === 0 && config.discovery.httpUrls.length === 0) {
    throw new GolemError(
      "VALIDATION_FAILED",
      "no discovery peers or provider URLs are configured",
      {
        hints: [
          "set GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP to libp2p multiaddrs, or GOLEM_REQUESTOR_DISCOVERY_HTTP_URLS to provider node URLs",
        ],
        details: { field: "discovery" },
      },
    );
  }
  const own = ownDeployment(session);
  const client = await createDiscoveryClient({
    transports: [tcp(), webSockets()],
    bootstrap: config.discovery.bootstrap,
    httpUrls: config.discovery.httpUrls,
    accept:
      scope.kind === "own"
        ? [own]
        : scope.kind === "chain"
          ? [{ chainId: scope.chainId }]
          : ANY_DEPLOYMENT,
    // A CLI on a local dev chain is a developer's: its listings may name loopback/private API
    // hosts in every scope. Otherwise only adverts of a dev chain it reads by name may.
    allowPrivateApiUrls: isDevChain(session.chainId) ? true : undefined,
    serveSnapshots: false,
  });
  const chainFilter =
    scope.kind === "all"
      ? { all: true }
      : { chainId: scope.kind === "chain" ? scope.chainId : session.chainId };
  let adverts: SignedAdvert[];
  try {
    adverts = await withProgress(ctx, "asking the network for providers", () =>
      client.findProviders(
        { ...filters, ...chainFilter },
        {
          waitForPeersMs: config.discovery.waitMs,
        },
      ),
    );
  } finally {
    await client.stop();
  }
  const db = openRequestorDb(await ensureHome(config.home));
  try {
    const lastSeen = Date.now();
    // Only providers this CLI can pay: the same key may advertise another chain elsewhere.
    for (const { advert } of adverts.filter((a) => isOwnDeployment(a.advert, own))) {
      db.upsertProvider({
        id: advert.provider,
        apiUrl: advert.apiUrl,
        country: advert.country,
        lastSeen,
      });
    }
  } finally {
    db.close();
  }
  return adverts;
}
