"use client";

import { useQueries } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { normalizeApiUrl, removeItems, storageKeys, upsertItem } from "../lib/local-records.ts";
import { mergeProviderRows } from "../lib/merge-provider-rows.ts";
import { paymentAt, paysWith } from "../lib/payments.ts";
import { publicProviderClient } from "../lib/provider-clients.ts";
import { type ProviderRow, rowFromInfo, rowMatches } from "../lib/provider-rows.ts";
import { AddProviderForm } from "./add-provider-form.tsx";
import { ErrorDisplay } from "./error-display.tsx";
import {
  emptyFilters,
  type FilterText,
  ProviderFilters,
  toAdvertFilters,
} from "./provider-filters.tsx";
import { useApp } from "./providers.tsx";
import { ProvidersTable } from "./providers-table.tsx";
import { Badge } from "./ui/badge.tsx";
import { useAdvertRows } from "./use-advert-rows.ts";
import { useLocalList } from "./use-local-list.ts";

/**
 * Providers from the configured nodes' `/api/v1/adverts` (each signature verified here) and from
 * URLs added by hand (their `provider/info`), filtered, with prices and reachability.
 */
export function ProvidersView() {
  const { config, chain, deployment } = useApp();
  const { GLM } = deployment.contracts;
  const added = useLocalList<string>(storageKeys.addedProviders);
  const [filters, setFilters] = useState<FilterText>(emptyFilters);
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 5_000);
    return () => clearInterval(timer);
  }, []);
  const {
    rows: advertRows,
    sources: advertSources,
    gossip,
    loading: advertsLoading,
  } = useAdvertRows();
  const addedInfos = useQueries({
    queries: added.items.map((apiUrl) => ({
      queryKey: ["provider-info", apiUrl],
      queryFn: async () => rowFromInfo(apiUrl, await publicProviderClient(apiUrl).providerInfo()),
      retry: false,
    })),
  });
  // Keyed by the advert's signer: an advert naming another provider's URL gets a row of its own.
  const rows = useMemo(
    () =>
      mergeProviderRows(
        advertRows,
        added.items.map((apiUrl, index) => addedInfos[index]?.data ?? unknownRow(apiUrl)),
      ),
    [advertRows, addedInfos, added.items],
  );
  const advertFilters = toAdvertFilters(filters, chain.id, GLM.decimals);
  // The max price is in each provider's own coin (its decimals); "Pay with" picks the coin.
  const shown = rows.filter((row) => {
    const payment = paymentAt(deployment, row.streamPayment);
    const own = toAdvertFilters(filters, chain.id, payment?.decimals ?? GLM.decimals);
    return paysWith(payment, filters.pay) && rowMatches(row, own);
  });

  const onAdd = (apiUrl: string) =>
    added.update((storage) =>
      upsertItem(storage, storageKeys.addedProviders, apiUrl, (a, b) => a === b),
    );
  const onRemove = (apiUrl: string) =>
    added.update((storage) =>
      removeItems<string>(
        storage,
        storageKeys.addedProviders,
        (u) => u === normalizeApiUrl(apiUrl),
      ),
    );

  // "No providers found" only once every source has answered (or failed).
  const loading = advertsLoading || addedInfos.some((info) => info.isPending);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
        <span className="min-w-0 break-words">
          {config.bootstrapApiUrls.length > 0
            ? `Adverts from ${config.bootstrapApiUrls.join(", ")}; every signature is checked in this page.`
            : "No bootstrap node is configured (GOLEM_BOOTSTRAP_API_URLS): add providers by their API URL."}
        </span>
        {config.bootstrapPeers.length > 0 ? (
          <Badge
            variant={gossip.started ? "secondary" : "outline"}
            data-testid="gossip-status"
            data-peers={gossip.peers}
            data-adverts={gossip.rows.length}
            data-transports={gossip.transports.join(",")}
          >
            {gossip.started
              ? `libp2p gossip${gossip.transports.length > 0 ? ` over ${gossip.transports.join(", ")}` : ""}: ${gossip.peers} peer(s), ${gossip.rows.length} verified advert(s)`
              : "joining libp2p advert gossip…"}
          </Badge>
        ) : null}
      </div>
      {gossip.error ? <ErrorDisplay error={gossip.error} title="libp2p discovery failed" /> : null}
      {advertSources.map((source, index) => {
        const url = config.bootstrapApiUrls[index];
        if (source.error) {
          return <ErrorDisplay key={url} error={source.error} title={`adverts from ${url}`} />;
        }
        const refused = source.data?.refused ?? [];
        return refused.length > 0 ? (
          <p
            key={url}
            className="rounded-lg border border-warning/30 bg-warning/10 px-3 py-2 text-sm break-words"
            data-testid="refused-adverts"
          >
            {refused.length} advert(s) from {url} refused: {refused.join("; ")}
          </p>
        ) : null;
      })}
      <AddProviderForm onAdd={onAdd} />
      <ProviderFilters value={filters} onChange={setFilters} glmSymbol={GLM.symbol} />
      <ProvidersTable
        rows={shown}
        total={rows.length}
        filters={advertFilters}
        now={now}
        loading={loading}
        onRemove={onRemove}
      />
    </div>
  );
}

function unknownRow(apiUrl: string): ProviderRow {
  return {
    apiUrl,
    source: "added",
    advert: undefined,
    providerId: null,
    name: null,
    country: null,
    platform: null,
    free: null,
    prices: null,
    chainId: null,
    streamPayment: null,
  };
}
