import { tcp } from "@libp2p/tcp";
import { webSockets } from "@libp2p/websockets";
import type { SignedAdvert } from "@vm-on-golem/sdk/advert/advert-schema";
import { createDiscoveryClient } from "@vm-on-golem/sdk/discovery/create-discovery-client";
import type { AdvertFilters } from "@vm-on-golem/sdk/discovery/filter-adverts";
import { GolemError } from "@vm-on-golem/sdk/errors/golem-error";
import type { ChainSession } from "../chain/open-chain-session.ts";
import type { CliContext } from "../cli/cli-context.ts";
import { withProgress } from "../cli/progress.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { openRequestorDb } from "../state/requestor-db.ts";

/**
 * Verified adverts for the session's deployment that pass `filters`, cheapest first: joins
 * discovery over libp2p (TCP + WebSockets) and falls back to the configured node URLs.
 * Remembers each provider's API URL in the local db.
 *
 * @example
 * const adverts = await discoverAdverts(ctx, config, session, { cpu: 2 });
 */
export async function discoverAdverts(
  ctx: CliContext,
  config: RequestorConfig,
  session: ChainSession,
  filters: AdvertFilters,
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
  const { StreamPayment, GLM } = session.deployment.contracts;
  const client = await createDiscoveryClient({
    transports: [tcp(), webSockets()],
    bootstrap: config.discovery.bootstrap,
    httpUrls: config.discovery.httpUrls,
    accept: [
      { chainId: session.chainId, streamPayment: StreamPayment.address, token: GLM.address },
    ],
    serveSnapshots: false,
  });
  let adverts: SignedAdvert[];
  try {
    adverts = await withProgress(ctx, "asking the network for providers", () =>
      client.findProviders(
        { ...filters, chainId: session.chainId },
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
    for (const { advert } of adverts) {
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
