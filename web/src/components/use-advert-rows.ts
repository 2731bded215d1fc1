"use client";

import { type UseQueryResult, useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { acceptedPayments } from "../lib/payments.ts";
import { type AdvertSourceResult, loadAdvertRows, type ProviderRow } from "../lib/provider-rows.ts";
import { useApp } from "./providers.tsx";
import { type GossipAdverts, useGossipAdverts } from "./use-gossip-adverts.ts";

/** Verified adverts the page knows: from the configured nodes over HTTP and from gossip. */
export type AdvertRows = {
  /** HTTP rows then gossip rows (not merged: see `mergeProviderRows`). */
  rows: ProviderRow[];
  /** One query per configured node (`config.bootstrapApiUrls`, same order). */
  sources: UseQueryResult<AdvertSourceResult>[];
  gossip: GossipAdverts;
  /** True until every node answered (or failed) and gossip started (or failed). */
  loading: boolean;
};

/**
 * Every advert the page can see, each signature, chain and contract verified in the page: the
 * configured nodes' `/api/v1/adverts` (re-read every minute) and the page's own gossip node.
 * Shared by the providers list, My VMs (a paid provider's API) and the provider dashboard.
 *
 * @example
 * const { rows } = useAdvertRows();
 * const mine = rows.find((row) => row.providerId === address);
 */
export function useAdvertRows(): AdvertRows {
  const { config, chain, deployment } = useApp();
  // Every StreamPayment of the deployment: providers paid in ETH and in each token are listed.
  const accept = useMemo(() => acceptedPayments(deployment), [deployment]);
  const sources = useQueries({
    queries: config.bootstrapApiUrls.map((url) => ({
      queryKey: ["adverts", url, chain.id],
      queryFn: () => loadAdvertRows(url, accept),
      refetchInterval: 60_000,
      retry: false,
    })),
  });
  const gossip = useGossipAdverts(config.bootstrapPeers, accept, chain.id === 31337);
  const rows = useMemo(
    () => [...gossip.rows, ...sources.flatMap((source) => source.data?.rows ?? [])],
    [gossip.rows, sources],
  );
  const loading =
    sources.some((source) => source.isPending) ||
    (config.bootstrapPeers.length > 0 && !gossip.started && !gossip.error);
  return { rows, sources, gossip, loading };
}
