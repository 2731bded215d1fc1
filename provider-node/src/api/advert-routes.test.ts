import { signedAdvertToJson } from "@vm-on-golem/sdk/advert/advert-schema";
import { TEST_ACCEPT, testProvider, testSignedAdvert } from "@vm-on-golem/sdk/advert/test-adverts";
import { verifyAdvert } from "@vm-on-golem/sdk/advert/verify-advert";
import { fetchAdvertsHttp } from "@vm-on-golem/sdk/discovery/fetch-adverts-http";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { afterEach, expect, test } from "vitest";
import { advertRoutes } from "./advert-routes.ts";

const app = Fastify();
afterEach(() => app.close());

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
  expect(served).toEqual(adverts);
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
