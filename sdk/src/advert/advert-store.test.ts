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

  it("when full admits a newcomer by evicting the oldest advert, and tells listeners", async () => {
    const clock = Math.floor(Date.now() / 1000);
    const store = createAdvertStore({ accept: TEST_ACCEPT, maxAdverts: 2, now: () => clock });
    const seen: string[] = [];
    store.onChange((signed) => seen.push(signed.advert.provider));
    const [old, mid, newcomer] = [testProvider(), testProvider(), testProvider()];
    await store.admit(await testSignedAdvert({ signer: old, issuedAt: clock - 30 }));
    await store.admit(await testSignedAdvert({ signer: mid, issuedAt: clock - 20 }));
    const admitted = await store.admit(await testSignedAdvert({ signer: newcomer }));
    expect(admitted.status).toBe("added");
    expect(store.size).toBe(2);
    expect(store.get(old.address)).toBeUndefined();
    expect(store.get(mid.address)).toBeDefined();
    expect(seen).toEqual([old.address, mid.address, newcomer.address]);
    // Evicted is forgotten: its (still valid) advert may come back as a new provider.
    expect((await store.admit(await testSignedAdvert({ signer: old }))).status).toBe("added");
  });

  it("when full evicts adverts from penalised peers first and keeps those vouched by a connected node", async () => {
    const clock = Math.floor(Date.now() / 1000);
    const penalised = new Set<string>();
    const connected = new Set<string>();
    const store = createAdvertStore({
      accept: TEST_ACCEPT,
      maxAdverts: 3,
      now: () => clock,
      trust: { penalised: (p) => penalised.has(p), connected: (p) => connected.has(p) },
    });
    const nodeId = "12D3KooWGRUVh7ZCDqXxUv3xhXMpqfyNBSKuvx3ywKzJjvxkH5YZ"; // testAdvertContent's
    const [vouched, plain, flooded] = [testProvider(), testProvider(), testProvider()];
    // Oldest, but delivered by its own (connected) node.
    await store.admit(await testSignedAdvert({ signer: vouched, issuedAt: clock - 50 }), {
      source: nodeId,
    });
    await store.admit(await testSignedAdvert({ signer: plain, issuedAt: clock - 40 }), {
      source: "relay",
    });
    // Newest, but from a peer penalised since.
    await store.admit(await testSignedAdvert({ signer: flooded }), { source: "flooder" });
    connected.add(nodeId);
    penalised.add("flooder");
    await store.admit(await testSignedAdvert({ signer: testProvider() }), { source: "relay" });
    expect(store.get(flooded.address)).toBeUndefined();
    await store.admit(await testSignedAdvert({ signer: testProvider() }), { source: "relay" });
    expect(store.get(plain.address)).toBeUndefined();
    expect(store.get(vouched.address)).toBeDefined();
    // Once its node is gone, the vouch no longer protects it.
    connected.clear();
    await store.admit(await testSignedAdvert({ signer: testProvider() }), { source: "relay" });
    expect(store.get(vouched.address)).toBeUndefined();
    expect(store.size).toBe(3);
  });

  it("refuses invalid adverts without holding them", async () => {
    const store = createAdvertStore({ accept: [{ chainId: 1 }] });
    const result = await store.admit(await testSignedAdvert({ signer: testProvider() }));
    expect(result).toMatchObject({ status: "refused", reason: "WRONG_CHAIN" });
    expect(store.size).toBe(0);
  });
});
