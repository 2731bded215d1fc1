import type { ProviderRow } from "./provider-rows.ts";

/**
 * A row's identity: `id:<provider>` for a signed advert (only its signer's key can make one),
 * `url:<apiUrl>` for a provider added by URL (its id there is the provider's unsigned word).
 *
 * @example rowKey(rowFromAdvert(advert)); // "id:0xabc…"
 */
export function rowKey(row: ProviderRow): string {
  return row.advert ? `id:${row.advert.provider.toLowerCase()}` : `url:${row.apiUrl}`;
}

/**
 * One row per provider: advert rows keyed by their signer (of two adverts by one provider the
 * newer wins), so an advert signed by another key that names an honest provider's API URL is a
 * row of its own and never replaces the honest one; then rows added by URL, unless an advert
 * row at the same URL already lists that provider (or the URL's info has not named one yet).
 *
 * @example const rows = mergeProviderRows([...gossipRows, ...httpRows], addedRows);
 */
export function mergeProviderRows(
  advertRows: readonly ProviderRow[],
  addedRows: readonly ProviderRow[],
): ProviderRow[] {
  const rows = new Map<string, ProviderRow>();
  for (const row of advertRows) {
    const key = rowKey(row);
    const held = rows.get(key);
    if (!held?.advert || !row.advert || row.advert.sequence >= held.advert.sequence) {
      rows.set(key, row);
    }
  }
  for (const row of addedRows) {
    // Its info not read yet (no id) counts as the same provider until it says otherwise.
    const listed = [...rows.values()].some(
      (advertRow) =>
        advertRow.apiUrl === row.apiUrl &&
        (row.providerId === null ||
          advertRow.providerId?.toLowerCase() === row.providerId.toLowerCase()),
    );
    if (!listed) rows.set(rowKey(row), row);
  }
  return [...rows.values()];
}
