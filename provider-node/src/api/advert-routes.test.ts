import { createAdvertStore, signedAdvertToJson, verifyAdvert } from "@vm-on-golem/sdk/advert";
import { fetchAdvertsHttp, listAdverts, MAX_ADVERTS_PAGE } from "@vm-on-golem/sdk/discovery";
import {
  TEST_ACCEPT,
  testProvider,
  testSignedAdvert,
} from "@vm-on-golem/sdk/test-support/test-adverts";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { afterEach, expect, test } from "vitest";
import { advertRoutes } from "./advert-routes.ts";

let app = Fastify();
afterEach(async () => {
  await app.close();
  app = Fastify();
});

test("GET /api/v1/adverts serves held adverts that verify with the sdk verifier", async () => {
  const adverts = await Promise.all(
    [testProvider(), testProvider()].map(async (signer) =>
      signedAdvertToJson(await testSignedAdvert({ signer })),
    ),
  );
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(advertRoutes, { prefix: "/api/v1", listAdverts: () => adverts });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });

  // Read the way requestors and browsers do: the sdk's HTTP reader, then the sdk verifier.
  const served = await fetchAdvertsHttp({ url });
  // In provider address order (the pages' cursor order).
  expect(served).toHaveLength(adverts.length);
  expect(served).toEqual(expect.arrayContaining(adverts));
  for (const advert of served) {
    const verified = await verifyAdvert(advert, { accept: TEST_ACCEPT });
    expect(verified.ok, verified.ok ? "" : verified.message).toBe(true);
  }
  // A relayed advert is passed on as signed: a reader still catches tampering itself.
  const tampered = structuredClone(served[0]) as { advert: { country: string } };
  tampered.advert.country = "SE";
  expect(await verifyAdvert(tampered, { accept: TEST_ACCEPT })).toMatchObject({
    ok: false,
    reason: "BAD_SIGNATURE",
  });
});

test("a store flooded with throwaway-key adverts still lists an honest newcomer, a page at a time", async () => {
  // The node's real store (the one gossip and snapshots fill), at a small capacity for speed;
  // the gossip flood test fills the full 10 000 over libp2p.
  const capacity = MAX_ADVERTS_PAGE + 100;
  const store = createAdvertStore({ accept: TEST_ACCEPT, maxAdverts: capacity });
  for (let i = 0; i < capacity; i++) {
    await store.admit(await testSignedAdvert({ signer: testProvider() }));
  }
  const newcomer = testProvider();
  expect((await store.admit(await testSignedAdvert({ signer: newcomer }))).status).toBe("added");
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(advertRoutes, { prefix: "/api/v1", listAdverts: () => listAdverts(store) });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });

  // One request never carries the whole store: pages are capped.
  const first = await app.inject({ url: "/api/v1/adverts" });
  const page = first.json() as { adverts: unknown[]; next: string | null };
  expect(page.adverts).toHaveLength(MAX_ADVERTS_PAGE);
  expect(page.next).toMatch(/^0x[0-9a-f]{40}$/);
  const capped = await app.inject({ url: `/api/v1/adverts?limit=${MAX_ADVERTS_PAGE + 1}` });
  expect(capped.statusCode).toBe(400);

  // The sdk's reader follows the pages: every held advert once, the newcomer among them.
  const served = await fetchAdvertsHttp({ url });
  expect(served).toHaveLength(capacity);
  const providers = new Set(
    served.map((a) => (a as { advert: { provider: string } }).advert.provider),
  );
  expect(providers.size).toBe(capacity);
  expect(providers.has(newcomer.address)).toBe(true);
  // And it stops at its own cap whatever the node holds.
  expect(await fetchAdvertsHttp({ url, maxAdverts: 250 })).toHaveLength(250);
  const small = await app.inject({ url: "/api/v1/adverts?limit=50" });
  expect((small.json() as { adverts: unknown[] }).adverts).toHaveLength(50);
}, 120_000);
