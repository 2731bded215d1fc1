"use client";

import type { AdvertFilters } from "@vm-on-golem/sdk/discovery";
import { formatHourlyPrice } from "@vm-on-golem/sdk/money";
import Link from "next/link";
import { shortAddress } from "../lib/format.ts";
import { rowKey } from "../lib/merge-provider-rows.ts";
import { paymentAt } from "../lib/payments.ts";
import { formatFreshness } from "../lib/price.ts";
import { type ProviderRow, rowHourlyPrice } from "../lib/provider-rows.ts";
import { EmptyState } from "./empty-state.tsx";
import { useApp } from "./providers.tsx";
import { ReachabilityCell } from "./reachability-cell.tsx";
import { TableSkeleton } from "./table-skeleton.tsx";
import { Button } from "./ui/button.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./ui/table.tsx";

type Props = {
  rows: ProviderRow[];
  total: number;
  filters: AdvertFilters;
  now: number;
  /** Discovery is still running (adverts, gossip or added providers not answered yet). */
  loading: boolean;
  onRemove: (apiUrl: string) => void;
};

/**
 * The providers that pass the filters, with the price of the filtered size (else per core) in
 * the coin each is paid in (its StreamPayment's token, or ETH).
 */
export function ProvidersTable({ rows, total, filters, now, loading, onRemove }: Props) {
  const { deployment } = useApp();
  const { GLM } = deployment.contracts;
  const sized =
    filters.cpu !== undefined ||
    filters.memoryGiB !== undefined ||
    filters.storageGiB !== undefined;
  if (total === 0 && loading) {
    return <TableSkeleton label="Looking for providers…" testId="providers-loading" />;
  }
  if (total === 0) {
    return (
      <EmptyState title="No providers found" data-testid="providers-empty">
        Discovery finished without a provider. Add one by its API URL above.
      </EmptyState>
    );
  }
  if (rows.length === 0) {
    return (
      <EmptyState title="No provider matches" data-testid="providers-empty">
        None of the {total} providers passes the filters.
      </EmptyState>
    );
  }
  return (
    <Table data-testid="providers-table">
      <TableHeader>
        <TableRow>
          <TableHead>Provider</TableHead>
          <TableHead>Country</TableHead>
          <TableHead>Platform</TableHead>
          <TableHead>Free CPU / memory / disk</TableHead>
          <TableHead>{sized ? "Price of this size" : "Price per core"}</TableHead>
          <TableHead>Advert</TableHead>
          <TableHead>Reachability</TableHead>
          <TableHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => {
          const payment = paymentAt(deployment, row.streamPayment);
          const price = row.prices
            ? formatHourlyPrice(
                sized ? rowHourlyPrice(row.prices, filters) : row.prices.perCoreHour,
                payment ?? GLM,
              )
            : undefined;
          return (
            <TableRow
              key={rowKey(row)}
              data-testid="provider-row"
              data-api-url={row.apiUrl}
              data-provider-id={row.providerId ?? undefined}
              data-pay={payment ? (payment.native ? "eth" : "glm") : undefined}
            >
              <TableCell>
                <div className="font-medium">
                  {row.name ?? (row.providerId ? shortAddress(row.providerId) : "unknown")}
                </div>
                <small className="text-muted-foreground" title={row.providerId ?? undefined}>
                  {row.apiUrl}
                </small>
              </TableCell>
              <TableCell>{row.country ?? "–"}</TableCell>
              <TableCell>{row.platform ?? "–"}</TableCell>
              <TableCell>
                {row.free
                  ? `${row.free.cpu} / ${row.free.memoryGiB} GiB / ${row.free.storageGiB} GiB`
                  : "–"}
              </TableCell>
              <TableCell className="whitespace-nowrap" data-testid="price">
                {price ? (
                  <>
                    {price.perHour}
                    <br />
                    <small className="text-muted-foreground">{price.perMonth}</small>
                  </>
                ) : (
                  "free (no payments)"
                )}
              </TableCell>
              <TableCell className="min-w-40" data-testid="freshness">
                {row.advert ? (
                  <>verified · {formatFreshness(row.advert, now)}</>
                ) : (
                  "added by URL (live info)"
                )}
              </TableCell>
              <TableCell>
                <ReachabilityCell apiUrl={row.apiUrl} />
              </TableCell>
              <TableCell>
                <div className="flex items-center gap-2">
                  <Button asChild size="sm">
                    <Link href={rentHref(row)}>Rent</Link>
                  </Button>
                  {row.source === "added" ? (
                    <Button variant="ghost" size="sm" onClick={() => onRemove(row.apiUrl)}>
                      Remove
                    </Button>
                  ) : null}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** The rent page for a row: its API URL, and for an advert row the signer the offer must come from. */
function rentHref(row: ProviderRow): string {
  const id = row.advert ? `&id=${encodeURIComponent(row.advert.provider)}` : "";
  return `/rent?provider=${encodeURIComponent(row.apiUrl)}${id}`;
}
