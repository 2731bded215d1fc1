/** A VM this browser rented: enough to find it again at its provider. */
export type RentedVm = {
  /** Provider API base URL. */
  apiUrl: string;
  vmId: string;
  name: string;
  /** Stream paying for it (decimal). */
  streamId: string;
  /**
   * The StreamPayment the stream was opened on (ids are per contract); absent in records written
   * before the dapp paid in more than one coin: the deployment's default one.
   */
  streamPayment?: string | undefined;
  /** Wallet address that rented it (the stream's sender). */
  owner: string;
  createdAt: string;
};

/** What the page keeps in `localStorage`, under versioned keys. */
export const storageKeys = {
  rentedVms: "vm-on-golem:rented-vms:v1",
  addedProviders: "vm-on-golem:added-providers:v1",
} as const;

/**
 * A JSON array from `storage` under `key`; a missing or damaged entry reads as empty.
 *
 * @example
 * const vms = readList<RentedVm>(localStorage, storageKeys.rentedVms);
 */
export function readList<T>(storage: Pick<Storage, "getItem">, key: string): T[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(key) ?? "[]");
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

/**
 * Adds `item` to the list under `key`, replacing an entry `same` matches.
 *
 * @example
 * upsertItem(localStorage, storageKeys.rentedVms, vm, (a, b) => a.apiUrl === b.apiUrl && a.vmId === b.vmId);
 */
export function upsertItem<T>(
  storage: Pick<Storage, "getItem" | "setItem">,
  key: string,
  item: T,
  same: (a: T, b: T) => boolean,
): T[] {
  const list = readList<T>(storage, key).filter((entry) => !same(entry, item));
  list.push(item);
  storage.setItem(key, JSON.stringify(list));
  return list;
}

/**
 * Removes the entries `match` selects from the list under `key`.
 *
 * @example
 * removeItems<RentedVm>(localStorage, storageKeys.rentedVms, (vm) => vm.vmId === id);
 */
export function removeItems<T>(
  storage: Pick<Storage, "getItem" | "setItem">,
  key: string,
  match: (entry: T) => boolean,
): T[] {
  const list = readList<T>(storage, key).filter((entry) => !match(entry));
  storage.setItem(key, JSON.stringify(list));
  return list;
}

/** Same VM at the same provider, e.g. `upsertItem(storage, key, vm, sameVm)`. */
export const sameVm = (a: RentedVm, b: RentedVm) => a.apiUrl === b.apiUrl && a.vmId === b.vmId;

/**
 * A provider API URL as the page stores it: trimmed, no trailing slash or `/api/v1`, http(s) only.
 *
 * @example
 * normalizeApiUrl("http://203.0.113.7:7466/api/v1/"); // "http://203.0.113.7:7466"
 */
export function normalizeApiUrl(text: string): string | undefined {
  const trimmed = text
    .trim()
    .replace(/\/+$/, "")
    .replace(/\/api\/v1$/, "");
  if (!URL.canParse(trimmed)) return undefined;
  const url = new URL(trimmed);
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  return `${url.origin}${url.pathname === "/" ? "" : url.pathname}`;
}
