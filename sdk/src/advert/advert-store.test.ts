import { describe, expect, it } from "vitest";
import { TEST_ACCEPT, testProvider, testSignedAdvert } from "../../test-support/test-adverts.ts";
import { createAdvertStore } from "./advert-store.ts";

describe("AdvertStore", () => {
  it("keeps the newest advert per provider and refuses replays", async () => {
    const store = createAdvertStore({ accept: TEST_ACCEPT });
    const signer = testProvider();
    const first = await testSignedAdvert({ signer, sequence: 1 });
    const second = await testSignedAdvert({ signer, sequence: 2, content: { country: "DE" } });
    expect((await store.admit(first)).status).toBe("added");
    expect((await store.admit(second)).status).toBe("replaced");
    expect(await store.admit(first)).toMatchObject({ status: "refused", reason: "STALE" });
    expect((await store.admit(second)).status).toBe("duplicate");
    const conflicting = await testSignedAdvert({ signer, sequence: 2, content: { country: "FR" } });
    expect(await store.admit(conflicting)).toMatchObject({ status: "refused", reason: "STALE" });
    expect(store.get(signer.address)?.advert.country).toBe("DE");
    expect(store.list()).toHaveLength(1);
  });

  it("evicts expired adverts and hides them before eviction", async () => {
    let clock = Math.floor(Date.now() / 1000);
    const store = createAdvertStore({ accept: TEST_ACCEPT, now: () => clock });
    const signer = testProvider();
    await store.admit(await testSignedAdvert({ signer, issuedAt: clock, ttlSeconds: 60 }));
    expect(store.list()).toHaveLength(1);
    clock += 61;
    expect(store.list()).toHaveLength(0);
    expect(store.get(signer.address)).toBeUndefined();
    expect(store.size).toBe(1);
    expect(store.evictExpired()).toBe(1);
    expect(store.size).toBe(0);
  });

  it("refuses new providers when full and tells listeners about changes", async () => {
    const store = createAdvertStore({ accept: TEST_ACCEPT, maxAdverts: 1 });
    const seen: string[] = [];
    store.onChange((signed) => seen.push(signed.advert.provider));
    const a = testProvider();
    await store.admit(await testSignedAdvert({ signer: a }));
    const full = await store.admit(await testSignedAdvert({ signer: testProvider() }));
    expect(full).toMatchObject({ status: "refused", reason: "STORE_FULL" });
    expect(seen).toEqual([a.address]);
  });

  it("refuses invalid adverts without holding them", async () => {
    const store = createAdvertStore({ accept: [{ chainId: 1 }] });
    const result = await store.admit(await testSignedAdvert({ signer: testProvider() }));
    expect(result).toMatchObject({ status: "refused", reason: "WRONG_CHAIN" });
    expect(store.size).toBe(0);
  });
});
