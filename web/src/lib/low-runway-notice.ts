/** Where the page keeps the runway notification setting and the VMs already notified. */
export const runwayNoticeKeys = {
  /** "on" when the user asked for browser notifications below one hour of runway. */
  enabled: "vm-on-golem:runway-notifications:v1",
  /** JSON array of VM keys notified in their current low-runway episode. */
  notified: "vm-on-golem:runway-notified:v1",
} as const;

type NoticeStorage = Pick<Storage, "getItem" | "setItem">;

function notifiedKeys(storage: NoticeStorage): string[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(runwayNoticeKeys.notified) ?? "[]");
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Whether to notify about `vmKey` now, and records it: true once per low-runway episode (the
 * first read below the threshold), false on every later read of the same episode; a read with
 * enough runway ends the episode, so the next fall below notifies again. Kept in `storage`, so
 * a reload or a second tab does not notify twice.
 *
 * @example
 * if (takeLowRunwayNotice(localStorage, "http://p:7466|vm-1", runway < 3600)) new Notification("…");
 */
export function takeLowRunwayNotice(storage: NoticeStorage, vmKey: string, low: boolean): boolean {
  const keys = notifiedKeys(storage);
  const seen = keys.includes(vmKey);
  if (low === seen) return false;
  const next = low ? [...keys, vmKey] : keys.filter((key) => key !== vmKey);
  storage.setItem(runwayNoticeKeys.notified, JSON.stringify(next));
  return low;
}
