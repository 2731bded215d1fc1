"use client";

import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import { useEffect, useState } from "react";
import { type Address, isAddressEqual } from "viem";
import { paymentAt } from "../lib/payments.ts";
import { formatFreshness } from "../lib/price.ts";
import { useApp } from "./providers.tsx";
import { ReachabilityCell } from "./reachability-cell.tsx";
import { Badge } from "./ui/badge.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "./ui/card.tsx";
import { Skeleton } from "./ui/skeleton.tsx";
import { useAdvertRows } from "./use-advert-rows.ts";

/**
 * The connected address's advert as the network sees it: the newest verified advert it signed,
 * from the configured nodes and gossip (prices, free resources, validity), and whether its API
 * answers this page.
 */
export function ProviderAdvertCard({ address }: { address: Address }) {
  const { deployment } = useApp();
  const { rows, loading, gossip } = useAdvertRows();
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 5_000);
    return () => clearInterval(timer);
  }, []);
  const advert = rows
    .flatMap((row) =>
      row.advert && isAddressEqual(row.advert.provider, address) ? [row.advert] : [],
    )
    .reduce<(typeof rows)[number]["advert"]>(
      (best, next) => (!best || next.sequence > best.sequence ? next : best),
      undefined,
    );
  const coin = advert ? paymentAt(deployment, advert.streamPayment) : undefined;
  const price = (amount: bigint) => (coin ? `${formatTokenAmount(amount, coin)}/h` : `${amount}/h`);
  return (
    <Card data-testid="provider-advert" data-found={advert ? "true" : "false"}>
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle>Your advert, as the network sees it</CardTitle>
        {advert ? <ReachabilityCell apiUrl={advert.apiUrl} /> : null}
      </CardHeader>
      <CardContent className="text-sm">
        {advert ? (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 [&_dt]:text-muted-foreground">
            <dt>API</dt>
            <dd className="min-w-0 break-all">
              <code>{advert.apiUrl}</code>
            </dd>
            <dt>Prices</dt>
            <dd data-testid="advert-prices">
              {price(advert.prices.perCoreHour)} per core, {price(advert.prices.perGiBMemoryHour)}{" "}
              per GiB memory, {price(advert.prices.perGiBDiskHour)} per GiB disk
            </dd>
            <dt>Free</dt>
            <dd data-testid="advert-free">
              {advert.resources.free.cpu} of {advert.resources.total.cpu} cores,{" "}
              {advert.resources.free.memoryGiB} of {advert.resources.total.memoryGiB} GiB memory,{" "}
              {advert.resources.free.storageGiB} of {advert.resources.total.storageGiB} GiB disk
            </dd>
            <dt>Where</dt>
            <dd>
              {advert.country} · {advert.platform} · paid in {coin?.symbol ?? "an unknown coin"}
            </dd>
            <dt>Advert</dt>
            <dd>
              #{advert.sequence} · {formatFreshness(advert, now)}
            </dd>
          </dl>
        ) : loading ? (
          <Skeleton className="h-20 w-full" />
        ) : (
          <p className="text-muted-foreground" data-testid="advert-missing">
            No advert signed by this address reached this page
            {gossip.started ? ` (gossip: ${gossip.peers} peer(s))` : ""}: requestors browsing the
            network do not see it. Check that the provider node runs with this payment address and
            that its discovery is reachable.
          </p>
        )}
        {advert ? (
          <p className="mt-2">
            <Badge variant="outline">{advert.multiaddrs.length} libp2p address(es)</Badge>
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
