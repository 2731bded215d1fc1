"use client";

import type { AdvertFilters } from "@vm-on-golem/sdk/discovery";
import { formatHourlyPrice } from "@vm-on-golem/sdk/money";
import Link from "next/link";
import { shortAddress } from "../lib/format.ts";
import { rowKey } from "../lib/merge-provider-rows.ts";
import { formatFreshness } from "../lib/price.ts";
import { type ProviderRow, rowHourlyPrice } from "../lib/provider-rows.ts";
import { useApp } from "./providers.tsx";
import { ReachabilityCell } from "./reachability-cell.tsx";

type Props = {
  rows: ProviderRow[];
  total: number;
  filters: AdvertFilters;
  now: number;
  onRemove: (apiUrl: string) => void;
};

/** The providers that pass the filters, with the price of the filtered size (else per core). */
export function ProvidersTable({ rows, total, filters, now, onRemove }: Props) {
  const { deployment } = useApp();
  const { GLM } = deployment.contracts;
  const sized =
    filters.cpu !== undefined ||
    filters.memoryGiB !== undefined ||
    filters.storageGiB !== undefined;
  if (total === 0) {
    return <p data-testid="providers-empty">No providers yet: add one by its API URL.</p>;
  }
  if (rows.length === 0) {
    return <p data-testid="providers-empty">None of the {total} providers passes the filters.</p>;
  }
  return (
    <table className="streams" data-testid="providers-table">
      <thead>
        <tr>
          <th>Provider</th>
          <th>Country</th>
          <th>Platform</th>
          <th>Free CPU / memory / disk</th>
          <th>{sized ? "Price of this size" : "Price per core"}</th>
          <th>Advert</th>
          <th>Reachability</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const price = row.prices
            ? formatHourlyPrice(
                sized ? rowHourlyPrice(row.prices, filters) : row.prices.perCoreHour,
                GLM,
              )
            : undefined;
          return (
            <tr
              key={rowKey(row)}
              data-testid="provider-row"
              data-api-url={row.apiUrl}
              data-provider-id={row.providerId ?? undefined}
            >
              <td>
                <div>{row.name ?? (row.providerId ? shortAddress(row.providerId) : "unknown")}</div>
                <small title={row.providerId ?? undefined}>{row.apiUrl}</small>
              </td>
              <td>{row.country ?? "–"}</td>
              <td>{row.platform ?? "–"}</td>
              <td>
                {row.free
                  ? `${row.free.cpu} / ${row.free.memoryGiB} GiB / ${row.free.storageGiB} GiB`
                  : "–"}
              </td>
              <td data-testid="price">
                {price ? (
                  <>
                    {price.perHour}
                    <br />
                    <small>{price.perMonth}</small>
                  </>
                ) : (
                  "free (no payments)"
                )}
              </td>
              <td data-testid="freshness">
                {row.advert ? (
                  <>verified · {formatFreshness(row.advert, now)}</>
                ) : (
                  "added by URL (live info)"
                )}
              </td>
              <td>
                <ReachabilityCell apiUrl={row.apiUrl} />
              </td>
              <td>
                <Link href={rentHref(row)}>Rent</Link>
                {row.source === "added" ? (
                  <button type="button" className="link" onClick={() => onRemove(row.apiUrl)}>
                    Remove
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The rent page for a row: its API URL, and for an advert row the signer the offer must come from. */
function rentHref(row: ProviderRow): string {
  const id = row.advert ? `&id=${encodeURIComponent(row.advert.provider)}` : "";
  return `/rent?provider=${encodeURIComponent(row.apiUrl)}${id}`;
}
