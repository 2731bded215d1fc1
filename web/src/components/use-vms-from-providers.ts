"use client";

import { type UseQueryResult, useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { type Address, isAddressEqual } from "viem";
import { usePublicClient } from "wagmi";
import { normalizeApiUrl, type RentedVm } from "../lib/local-records.ts";
import { type PageWallet, providerClientFor } from "../lib/provider-clients.ts";
import { listSentStreams } from "../lib/sent-streams.ts";
import {
  type PaidProvider,
  type ProviderVms,
  paidProviders,
  vmsPaidBy,
} from "../lib/vms-from-providers.ts";
import { useApp } from "./providers.tsx";
import { useAdvertRows } from "./use-advert-rows.ts";

/** One provider the connected address pays, and what asking it for the address's VMs gave. */
export type ProviderLookup = {
  paid: PaidProvider;
  /** Absent while its API is unknown (no advert seen, no local record). */
  answer: UseQueryResult<ProviderVms> | undefined;
};

/** What My VMs shows from the chain and the providers, besides this browser's own records. */
export type VmsFromProviders = {
  /** The providers the chain says the address pays through an open stream; undefined while read. */
  lookups: ProviderLookup[] | undefined;
  /** VMs the providers listed that one of the address's streams pays. */
  vms: RentedVm[];
  /** The chain could not be read. */
  error: unknown;
  /** Adverts are still arriving (a provider without an API URL may get one). */
  advertsLoading: boolean;
};

/**
 * The connected address's VMs at every provider it pays (a second device sees them too): its
 * open streams from chain logs give the providers, their signed adverts (or this browser's
 * records) give their APIs, and each is asked `GET /vms` after one SIWE signature (the page's
 * shared provider client, so VM cards reuse the session). A provider's answer counts only where
 * the chain backs it (`vmsPaidBy`); one that fails is reported for that provider alone.
 *
 * @example
 * const { lookups, vms } = useVmsFromProviders(address, wallet, localVms);
 */
export function useVmsFromProviders(
  address: Address | undefined,
  wallet: PageWallet | undefined,
  local: readonly RentedVm[],
): VmsFromProviders {
  const { chain, deployment } = useApp();
  const publicClient = usePublicClient({ chainId: chain.id });
  const adverts = useAdvertRows();
  const sent = useQuery({
    queryKey: ["sent-streams", chain.id, address],
    enabled: !!address && !!publicClient,
    // biome-ignore lint/style/noNonNullAssertion: enabled only with both
    queryFn: () => listSentStreams(publicClient!, deployment, address!),
    refetchInterval: 15_000,
  });
  const paid = useMemo(() => {
    if (!sent.data) return undefined;
    const advertApiUrl = (provider: Address) => {
      const row = adverts.rows.find((r) => r.advert && isAddressEqual(r.advert.provider, provider));
      return row ? normalizeApiUrl(row.apiUrl) : undefined;
    };
    return paidProviders(sent.data, advertApiUrl, local);
  }, [sent.data, adverts.rows, local]);
  const reachable = (paid ?? []).filter((p) => p.apiUrl !== undefined);
  const answers = useQueries({
    queries: reachable.map((p) => ({
      queryKey: [
        "provider-vms",
        p.apiUrl,
        address,
        p.streams.map((s) => `${s.contract}:${s.streamId}`).join(","),
      ],
      enabled: !!wallet && !!address,
      queryFn: async () =>
        // biome-ignore lint/style/noNonNullAssertion: enabled only with all three
        vmsPaidBy(p, await providerClientFor(p.apiUrl!, wallet!).listVms(), address!),
      retry: false,
      refetchInterval: 30_000,
    })),
  });
  const lookups = paid?.map((p) => ({
    paid: p,
    answer: p.apiUrl === undefined ? undefined : answers[reachable.indexOf(p)],
  }));
  const vms = answers.flatMap((answer) => answer.data?.vms ?? []);
  return { lookups, vms, error: sent.error, advertsLoading: adverts.loading };
}
