import { describe, expect, it } from "vitest";
import { runwayNoticeKeys, takeLowRunwayNotice } from "../src/lib/low-runway-notice.ts";

/** A Storage stand-in: a Map behind the two methods the notice uses. */
function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    map,
  };
}

describe("takeLowRunwayNotice", () => {
  it("notifies once per episode: the first low read, not the polls after it", () => {
    const storage = memoryStorage();
    expect(takeLowRunwayNotice(storage, "a", false)).toBe(false);
    expect(takeLowRunwayNotice(storage, "a", true)).toBe(true);
    expect(takeLowRunwayNotice(storage, "a", true)).toBe(false);
    expect(takeLowRunwayNotice(storage, "a", true)).toBe(false);
  });

  it("notifies again after the runway recovered and fell again (a new episode)", () => {
    const storage = memoryStorage();
    expect(takeLowRunwayNotice(storage, "a", true)).toBe(true);
    expect(takeLowRunwayNotice(storage, "a", false)).toBe(false);
    expect(takeLowRunwayNotice(storage, "a", true)).toBe(true);
  });

  it("keeps each VM's episode apart", () => {
    const storage = memoryStorage();
    expect(takeLowRunwayNotice(storage, "a", true)).toBe(true);
    expect(takeLowRunwayNotice(storage, "b", true)).toBe(true);
    expect(takeLowRunwayNotice(storage, "a", false)).toBe(false);
    expect(takeLowRunwayNotice(storage, "b", true)).toBe(false);
    expect(JSON.parse(storage.map.get(runwayNoticeKeys.notified) ?? "")).toEqual(["b"]);
  });

  it("reads a damaged record as no VM notified", () => {
    const storage = memoryStorage();
    storage.setItem(runwayNoticeKeys.notified, "{not json");
    expect(takeLowRunwayNotice(storage, "a", true)).toBe(true);
    storage.setItem(runwayNoticeKeys.notified, JSON.stringify({ a: 1 }));
    expect(takeLowRunwayNotice(storage, "a", true)).toBe(true);
  });
});
