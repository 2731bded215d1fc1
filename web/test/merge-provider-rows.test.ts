import { testProvider, testSignedAdvert } from "@vm-on-golem/sdk/test-support/test-adverts";
import { describe, expect, it } from "vitest";
import { mergeProviderRows, rowKey } from "../src/lib/merge-provider-rows.ts";
import { type ProviderRow, rowFromAdvert } from "../src/lib/provider-rows.ts";

const honestUrl = "http://203.0.113.10:7466";
const advertRow = async (
  signer: ReturnType<typeof testProvider>,
  apiUrl: string,
  perCoreHour: bigint,
  sequence = 1,
) => {
  const signed = await testSignedAdvert({
    signer,
    sequence,
    content: {
      apiUrl,
      prices: { perCoreHour, perGiBMemoryHour: 1n, perGiBDiskHour: 1n },
    },
  });
  return rowFromAdvert(signed.advert);
};
const addedRow = (apiUrl: string, providerId: string | null): ProviderRow => ({
  apiUrl,
  source: "added",
  advert: undefined,
  providerId,
  name: null,
  country: null,
  platform: null,
  free: null,
  prices: null,
  chainId: null,
  streamPayment: null,
});

describe("web: provider rows are keyed by the advert's signer, not its apiUrl", () => {
  it("an advert signed by another key naming the honest provider's URL does not replace its row", async () => {
    const honest = testProvider();
    const attacker = testProvider();
    const honestRow = await advertRow(honest, honestUrl, 10n ** 16n);
    // Heard after the honest one (gossip order is the attacker's to choose), 1 wei per hour.
    const hijack = await advertRow(attacker, honestUrl, 1n, 99);
    const rows = mergeProviderRows([honestRow, hijack], []);
    expect(rows).toHaveLength(2);
    const honestShown = rows.find((row) => row.providerId === honest.address);
    expect(honestShown?.prices?.perCoreHour).toBe(10n ** 16n);
    expect(honestShown?.apiUrl).toBe(honestUrl);
    expect(new Set(rows.map(rowKey)).size).toBe(2);
  });

  it("of two adverts by one provider the newer wins, whatever order they came in", async () => {
    const provider = testProvider();
    const older = await advertRow(provider, honestUrl, 5n, 1);
    const newer = await advertRow(provider, "http://203.0.113.11:7466", 6n, 2);
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      const rows = mergeProviderRows(order, []);
      expect(rows.map((row) => row.prices?.perCoreHour)).toEqual([6n]);
    }
  });

  it("a provider added by URL is listed once; a URL claiming a signed provider's id adds its own row", async () => {
    const honest = testProvider();
    const honestRow = await advertRow(honest, honestUrl, 10n ** 16n);
    expect(mergeProviderRows([honestRow], [addedRow(honestUrl, honest.address)])).toEqual([
      honestRow,
    ]);
    const impostor = addedRow("http://198.51.100.7:7466", honest.address);
    const rows = mergeProviderRows([honestRow], [impostor]);
    expect(rows).toEqual([honestRow, impostor]);
    expect(mergeProviderRows([], [addedRow(honestUrl, null)])).toHaveLength(1);
    // Until its info answers, an added URL that an advert lists stays one row.
    expect(mergeProviderRows([honestRow], [addedRow(honestUrl, null)])).toEqual([honestRow]);
  });
});
