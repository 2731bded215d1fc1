import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signedAdvertToJson } from "@vm-on-golem/sdk/advert";
import type { ProviderInfoView } from "@vm-on-golem/sdk/provider-client";
import {
  TEST_ACCEPT,
  testProvider,
  testSignedAdvert,
} from "@vm-on-golem/sdk/test-support/test-adverts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeApiUrl, readList, removeItems, upsertItem } from "../src/lib/local-records.ts";
import { loadAdvertRows, rowFromInfo, rowMatches } from "../src/lib/provider-rows.ts";

let server: Server;
let url: string;
let body: unknown = { adverts: [] };

beforeAll(async () => {
  // A real HTTP server standing in for a provider node's GET /api/v1/adverts.
  server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.url === "/api/v1/adverts" ? body : { error: "no" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const info = (overrides: Partial<ProviderInfoView> = {}): ProviderInfoView =>
  ({
    providerId: "0x00000000000000000000000000000000000000a1",
    name: "node-1",
    country: "SE",
    network: "local",
    version: "0.1.0",
    driver: { name: "qemu", accel: "tcg", usable: true, reason: null },
    resources: {
      total: { cpu: 2, memoryGiB: 4, storageGiB: 40 },
      free: { cpu: 2, memoryGiB: 4, storageGiB: 40 },
      vms: { max: 5, used: 0, free: 5 },
    },
    prices: { perCoreHour: "1000", perGiBMemoryHour: "100", perGiBDiskHour: "10" },
    payments: { chainId: 31337, streamPayment: "0x1", token: "0x2", minRunwaySeconds: 3600 },
    paymentsEnabled: true,
    apiExtensions: [],
    ...overrides,
  }) as ProviderInfoView;

describe("web: providers from adverts and from provider/info", () => {
  it("keeps only adverts whose signature verifies, and says why the others were refused", async () => {
    const signer = testProvider();
    const good = await testSignedAdvert({ signer, content: { apiUrl: "http://10.0.0.1:7466/" } });
    const forged = await testSignedAdvert({
      signer,
      edit: (advert) => ({ ...advert, provider: testProvider().address }),
    });
    body = { adverts: [signedAdvertToJson(good), signedAdvertToJson(forged), { junk: true }] };
    const { rows, refused } = await loadAdvertRows(url, TEST_ACCEPT);
    expect(rows.map((r) => [r.apiUrl, r.providerId, r.source])).toEqual([
      ["http://10.0.0.1:7466", signer.address, "advert"],
    ]);
    expect(refused).toHaveLength(2);
    expect(refused.join()).toMatch(/BAD_SIGNATURE/);
    expect(refused.join()).toMatch(/MALFORMED/);
  });

  it("fails with PROVIDER_UNREACHABLE when the node does not answer", async () => {
    await expect(loadAdvertRows("http://127.0.0.1:1", TEST_ACCEPT)).rejects.toMatchObject({
      code: "PROVIDER_UNREACHABLE",
    });
  });

  it("filters advert rows with the sdk and added rows by their provider/info", async () => {
    const signer = testProvider();
    body = { adverts: [signedAdvertToJson(await testSignedAdvert({ signer }))] };
    const [advertRow] = (await loadAdvertRows(url, TEST_ACCEPT)).rows;
    if (!advertRow) throw new Error("no advert row");
    expect(rowMatches(advertRow, { cpu: 4, country: "pl" })).toBe(true);
    expect(rowMatches(advertRow, { cpu: 5 })).toBe(false);
    const added = rowFromInfo("http://h:7466", info());
    expect(added.prices).toEqual({
      perCoreHour: 1000n,
      perGiBMemoryHour: 100n,
      perGiBDiskHour: 10n,
    });
    expect(rowMatches(added, { cpu: 2, memoryGiB: 4, country: "SE", chainId: 31337 })).toBe(true);
    expect(rowMatches(added, { memoryGiB: 8 })).toBe(false);
    expect(rowMatches(added, { country: "DE" })).toBe(false);
    expect(rowMatches(added, { chainId: 1 })).toBe(false);
    // 1 core + 1 GiB + 10 GiB = 1000 + 100 + 100 per hour.
    expect(rowMatches(added, { cpu: 1, memoryGiB: 1, storageGiB: 10, maxPrice: 1200n })).toBe(true);
    expect(rowMatches(added, { cpu: 1, memoryGiB: 1, storageGiB: 10, maxPrice: 1199n })).toBe(
      false,
    );
    expect(rowFromInfo("http://h", info({ prices: null, payments: null })).prices).toBe(null);
  });
});

describe("web: what the page keeps in localStorage", () => {
  it("upserts, removes and survives damaged entries", () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    };
    const same = (a: { id: number }, b: { id: number }) => a.id === b.id;
    upsertItem(storage, "k", { id: 1, v: "a" }, same);
    upsertItem(storage, "k", { id: 2, v: "b" }, same);
    upsertItem(storage, "k", { id: 1, v: "c" }, same);
    expect(readList(storage, "k")).toEqual([
      { id: 2, v: "b" },
      { id: 1, v: "c" },
    ]);
    expect(removeItems<{ id: number }>(storage, "k", (e) => e.id === 2)).toEqual([
      { id: 1, v: "c" },
    ]);
    data.set("k", "{not json");
    expect(readList(storage, "k")).toEqual([]);
  });

  it("normalizes provider API URLs", () => {
    expect(normalizeApiUrl(" http://127.0.0.1:7466/ ")).toBe("http://127.0.0.1:7466");
    expect(normalizeApiUrl("http://127.0.0.1:7466/api/v1")).toBe("http://127.0.0.1:7466");
    expect(normalizeApiUrl("https://p.example/golem/")).toBe("https://p.example/golem");
    expect(normalizeApiUrl("ftp://p.example")).toBeUndefined();
    expect(normalizeApiUrl("not a url")).toBeUndefined();
  });
});
