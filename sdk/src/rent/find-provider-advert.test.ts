import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TEST_ACCEPT, testProvider, testSignedAdvert } from "../../test-support/test-adverts.ts";
import { signedAdvertToJson } from "../advert/advert-schema.ts";
import { findProviderAdvert } from "./find-provider-advert.ts";

// A real HTTP server standing in for a node's GET /api/v1/adverts.
let body: unknown = { adverts: [] };
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.url === "/api/v1/adverts" ? body : {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it("finds the provider's newest verified advert and ignores forged and foreign ones", async () => {
  const provider = testProvider();
  const older = await testSignedAdvert({ signer: provider, sequence: 1 });
  const newer = await testSignedAdvert({ signer: provider, sequence: 2 });
  const other = await testSignedAdvert({ signer: testProvider(), sequence: 9 });
  // Claims to be the provider's, with cheaper prices, but is signed by another key.
  const forged = await testSignedAdvert({
    signer: testProvider(),
    sequence: 5,
    edit: (advert) => ({ ...advert, provider: provider.address }),
  });
  body = { adverts: [older, forged, newer, other].map(signedAdvertToJson) };
  const found = await findProviderAdvert({ url, provider: provider.address, accept: TEST_ACCEPT });
  expect(found?.sequence).toBe(2);
  expect(found?.provider).toBe(provider.address);
});

it("is undefined when the node has none or does not answer", async () => {
  body = { adverts: [] };
  const provider = testProvider().address;
  expect(await findProviderAdvert({ url, provider, accept: TEST_ACCEPT })).toBeUndefined();
  expect(
    await findProviderAdvert({ url: "http://127.0.0.1:1", provider, accept: TEST_ACCEPT }),
  ).toBeUndefined();
});
